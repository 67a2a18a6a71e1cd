/**
 * Message contract of billing accounts: the commands, events, queries and views for opening an account,
 * deposits, withdrawals, order debits and refunds, and the rules every money amount follows.
 */
package io.policyhub.api.accounts;
