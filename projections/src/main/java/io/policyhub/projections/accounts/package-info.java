/**
 * The {@code account_balance} read model: built from the billing account events in JDBC batches, safe to
 * replay and redeliver, and read by the roles that answer account queries.
 */
package io.policyhub.projections.accounts;
