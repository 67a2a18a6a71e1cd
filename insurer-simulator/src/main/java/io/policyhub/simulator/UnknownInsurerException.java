package io.policyhub.simulator;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Answered 404 with a problem body. */
class UnknownInsurerException extends ResponseStatusException {

    UnknownInsurerException(String insurer) {
        super(HttpStatus.NOT_FOUND, "unknown insurer: " + insurer);
    }
}
