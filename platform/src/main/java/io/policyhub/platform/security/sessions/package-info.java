/**
 * Sign-in sessions: where a login's refresh tokens and the open/ended state of its access tokens live
 * (PostgreSQL, checked on every request), and why (decision 30).
 */
package io.policyhub.platform.security.sessions;
