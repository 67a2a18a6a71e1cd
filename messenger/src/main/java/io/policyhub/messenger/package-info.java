/**
 * The messenger role: the real-time {@code /ws} gateway and the chat REST endpoints, switched on or off
 * with {@code policyhub.roles.messenger}.
 */
package io.policyhub.messenger;
