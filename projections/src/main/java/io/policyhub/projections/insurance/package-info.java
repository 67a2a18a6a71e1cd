/**
 * The OSAGO application read model ({@code insurance_applications} and {@code insurance_quotes}, each
 * insurer's progress). Every change is published on the Redis topic {@code application:<id>} for WebSocket
 * subscribers and long polls.
 */
package io.policyhub.projections.insurance;
