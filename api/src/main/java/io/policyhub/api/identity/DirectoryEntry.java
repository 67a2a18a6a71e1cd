package io.policyhub.api.identity;

import java.util.UUID;

/** Someone to start a chat with, as others see them: first and last name when given, else the username. */
public record DirectoryEntry(UUID userId, String username, String displayName) {
}
