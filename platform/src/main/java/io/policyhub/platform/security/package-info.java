/**
 * HTTP security for every role: RS256 JWT access tokens (keys, issuing, cached verification) required on
 * every endpoint except registration, login and health, the ADMIN role for operator endpoints, and 401 and
 * 403 answers as problem details.
 */
package io.policyhub.platform.security;
