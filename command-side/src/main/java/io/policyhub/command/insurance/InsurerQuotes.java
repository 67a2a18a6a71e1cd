package io.policyhub.command.insurance;

import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.PostExchange;
import tools.jackson.databind.JsonNode;

/** One insurer's quote endpoint, as a Spring HTTP interface over a {@code RestClient}. */
interface InsurerQuotes {

    /** The answer is read as a tree: a premium that is no JSON number is refused, not coerced. */
    @PostExchange(url = "/quotes", contentType = "application/json", accept = "application/json")
    JsonNode quote(@RequestBody QuoteRequest request);

    record QuoteRequest(UUID applicationId, int attempt, Object vehicle, Object driver, String region) {
    }
}
