/**
 * Message contract of orders: placing an order, marking it paid or rejected, and the queries and views of
 * a customer's orders and their stored notifications.
 */
package io.policyhub.api.orders;
