package io.policyhub.api.orders;

import java.util.List;

/** The answer to {@link FindOrdersOfCustomer}: a record, so the element type survives the trip through Axon Server. */
public record OrderList(List<OrderView> orders) {
}
