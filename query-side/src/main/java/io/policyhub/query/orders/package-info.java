/**
 * Order and notification queries with {@code GET /api/v1/orders}, {@code /api/v1/orders/{id}} and
 * {@code /api/v1/notifications}: the caller's orders and letters from their read models, waiting briefly
 * while a payment is in progress.
 */
package io.policyhub.query.orders;
