/**
 * Login and profile reads: {@code POST /api/v1/auth/login} checks the credentials in the {@code users}
 * read model and issues an access token, with failed logins throttled per username in Redis; profiles are
 * readable by their owner only.
 */
package io.policyhub.query.identity;
