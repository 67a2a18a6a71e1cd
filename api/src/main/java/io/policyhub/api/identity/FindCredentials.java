package io.policyhub.api.identity;

/** Answers with optional {@link Credentials}: what login needs to check a password. */
public record FindCredentials(String username) {
}
