/**
 * Following one request across the roles: the request id taken from {@code X-Request-Id} (or
 * generated), answered on every response, kept in the logs' context and carried in the metadata of
 * every message the request causes, so that the projection's log lines and the WebSocket frame of a
 * change name the request that made it.
 */
package io.policyhub.platform.observability;
