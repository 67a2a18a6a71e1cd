package io.policyhub.api.orders;

import java.util.List;

/** The answer to {@link FindNotifications}: a record, so the element type survives the trip through Axon Server. */
public record NotificationList(List<NotificationView> notifications) {
}
