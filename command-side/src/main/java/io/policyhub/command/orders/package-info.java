/**
 * The order aggregate and {@code POST /api/v1/orders}, idempotent with an Idempotency-Key. Its payment
 * saga debits the customer's account, marks the order paid or rejected, and refunds a debit that lands
 * after the payment timeout.
 */
package io.policyhub.command.orders;
