package io.policyhub.api.common;

/**
 * Why a command was refused. Travels as the details of a command execution exception, so the
 * HTTP layer can answer with the right problem type even when the aggregate ran in another
 * process (Axon Server keeps the details, not the exception class).
 */
public record Rejection(Kind kind, String code, String detail) {

    public enum Kind {
        /** The command's input breaks a rule: 400. */
        INVALID,
        /** The caller may not do this: 403. */
        FORBIDDEN,
        /** The target does not exist: 404. */
        NOT_FOUND,
        /** The command conflicts with the current state: 409. */
        CONFLICT,
        /** Well-formed, but it repeats an Idempotency-Key with another request: 422. */
        KEY_REUSED
    }

    public static Rejection invalid(String code, String detail) {
        return new Rejection(Kind.INVALID, code, detail);
    }

    public static Rejection forbidden(String code, String detail) {
        return new Rejection(Kind.FORBIDDEN, code, detail);
    }

    public static Rejection notFound(String code, String detail) {
        return new Rejection(Kind.NOT_FOUND, code, detail);
    }

    /** The Idempotency-Key was used before for a request other than this one. */
    public static Rejection keyReused(String detail) {
        return new Rejection(Kind.KEY_REUSED, "idempotency-key-reused", detail);
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Kind.CONFLICT, code, detail);
    }
}
