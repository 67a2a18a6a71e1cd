package io.policyhub.api.identity;

/**
 * Answers with an optional {@link DirectoryEntry}: the user with exactly this username or this email
 * (one of the two is given), case-insensitive; never an erased user, never a list.
 */
public record LookUpUser(String username, String email) {
}
