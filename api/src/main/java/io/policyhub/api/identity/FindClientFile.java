package io.policyhub.api.identity;

import java.util.UUID;

/** Answers with the user's {@link ClientFile}, read-your-writes. */
public record FindClientFile(UUID userId) {
}
