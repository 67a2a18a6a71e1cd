package io.policyhub.api.identity;

/** The identity documents a client keeps with us. */
public enum DocumentType { PASSPORT, DRIVER_LICENSE, VEHICLE_REGISTRATION }
