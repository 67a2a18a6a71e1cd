/**
 * Account queries and {@code GET /api/v1/accounts/me}: the caller's balance from the
 * {@code account_balance} read model, read-your-writes.
 */
package io.policyhub.query.accounts;
