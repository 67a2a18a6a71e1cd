package io.policyhub.platform.web;

import java.util.UUID;

/** The authenticated user on whose behalf a request runs. Controllers take it as a parameter. */
public record Caller(UUID userId) {
}
