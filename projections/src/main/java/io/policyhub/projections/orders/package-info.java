/**
 * The {@code orders} read model and the order notifications: one happy or sad letter per finished order,
 * stored in {@code notifications} in the same transaction, addressed from the user events, with all events
 * of one customer handled in order.
 */
package io.policyhub.projections.orders;
