package io.policyhub.command.insurance;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.insurance.ApplicationDetails;

/** The port to the partner insurers: one adapter per insurer behind it. */
public interface InsurerGateway {

    /**
     * Asks one insurer for a premium.
     *
     * @throws QuoteUnavailable when the insurer fails, answers garbage or does not answer in time
     */
    BigDecimal quote(String insurer, UUID applicationId, int attempt, ApplicationDetails details);

    class QuoteUnavailable extends RuntimeException {

        public QuoteUnavailable(String message) {
            super(message);
        }
    }

    /** Not asked at all: as many calls as the insurer may have are in flight. Back-pressure, not a failed attempt. */
    class InsurerBusy extends QuoteUnavailable {

        public InsurerBusy(String message) {
            super(message);
        }
    }
}
