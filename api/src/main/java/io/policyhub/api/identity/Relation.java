package io.policyhub.api.identity;

/** How a relative is related to the client. */
public enum Relation { SPOUSE, CHILD, PARENT, SIBLING, OTHER }
