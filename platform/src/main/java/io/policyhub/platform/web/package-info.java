/**
 * The web layer shared by the HTTP-facing roles: the one mapping of failures to RFC 9457 problem details
 * (also used for WebSocket error frames), including which failures are transient, the caller's identity,
 * the request body size limit, and validation rules for JSON text.
 */
package io.policyhub.platform.web;
