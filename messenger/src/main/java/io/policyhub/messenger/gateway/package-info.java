/**
 * The single {@code /ws} WebSocket endpoint: clients subscribe to {@code application:<id>} and
 * {@code chat:<id>} topics fed by Redis pub/sub and send chat messages, also in the previous messenger's
 * frame format.
 */
package io.policyhub.messenger.gateway;
