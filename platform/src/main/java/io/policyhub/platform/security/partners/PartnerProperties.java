package io.policyhub.platform.security.partners;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * B2B partners, by name. Keys are secrets: they come from configuration (environment variables
 * such as {@code POLICYHUB_PARTNERS_ACME_API_KEY} outside local mode), never from code.
 */
@ConfigurationProperties("policyhub")
public record PartnerProperties(@DefaultValue Map<String, Partner> partners) {

    /** @param requestsPerSecond the partner's own request budget; exceeding it is 429 for this partner only */
    public record Partner(String apiKey, @DefaultValue("20") long requestsPerSecond) {
    }
}
