package io.policyhub.api.orders;

import java.util.UUID;

/** Answers with the user's {@link NotificationView}s, newest first. */
public record FindNotifications(UUID userId) {
}
