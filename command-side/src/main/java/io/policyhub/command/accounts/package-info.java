/**
 * The billing account aggregate and its command endpoints under {@code /api/v1/accounts}: opening,
 * deposits and withdrawals, order debits and refunds, with a balance that never goes below zero. It also
 * opens the account of every newly registered user.
 */
package io.policyhub.command.accounts;
