package io.policyhub.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The {@code Idempotency-Key} header's rules, one place for every endpoint that takes it. A key is
 * the client's name for one request; the endpoints scope it by caller and by operation, so no key
 * reaches another caller's or another operation's effects, nor the ids the server derives for its
 * own flows.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 128;

    private IdempotencyKeys() {
    }

    /** The key as sent, or null when the request has none; a blank or overlong key is refused (400). */
    public static String optional(String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_LENGTH)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " characters");
        }
        return key;
    }

    /** The key of an endpoint that requires one (400 {@code idempotency-key-required} without it). */
    public static String required(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_LENGTH) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "idempotency-key-required",
                    "This request needs an Idempotency-Key header of 1 to " + MAX_LENGTH + " characters");
        }
        return key;
    }
}
