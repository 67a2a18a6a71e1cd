package io.policyhub.command.insurance;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.policyhub.api.insurance.ApplicationDetails;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to each insurer's quote endpoint over HTTP with a per-call timeout. Each configured
 * insurer gets its own adapter (endpoint); they share one HTTP client and its connection pool.
 */
@Component
class HttpInsurers implements InsurerGateway {

    private final Map<String, Adapter> adapters;

    HttpInsurers(InsuranceSettings settings, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.adapters = settings.insurers().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                endpoint -> new Adapter(quotesOf(endpoint.getValue()), http, json, settings.requestTimeout())));
    }

    private static URI quotesOf(URI insurer) {
        return URI.create(insurer.toString().replaceAll("/+$", "") + "/quotes");
    }

    @Override
    public BigDecimal quote(String insurer, UUID applicationId, int attempt, ApplicationDetails details) {
        Adapter adapter = adapters.get(insurer);
        if (adapter == null) {
            throw new QuoteUnavailable("no adapter for insurer " + insurer);
        }
        return adapter.quote(applicationId, attempt, details);
    }

    private record Adapter(URI quotes, HttpClient http, JsonMapper json, Duration timeout) {

        BigDecimal quote(UUID applicationId, int attempt, ApplicationDetails details) {
            String body = json.writeValueAsString(new QuoteRequest(applicationId, attempt, details));
            HttpRequest request = HttpRequest.newBuilder(quotes)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new QuoteUnavailable("insurer answered " + response.statusCode());
                }
                JsonNode premium = json.readTree(response.body()).path("premium");
                if (!premium.isNumber() || premium.decimalValue().signum() <= 0) {
                    throw new QuoteUnavailable("insurer answered without a valid premium");
                }
                return premium.decimalValue().setScale(2, RoundingMode.HALF_UP);
            } catch (HttpTimeoutException e) {
                throw new QuoteUnavailable("timeout after " + timeout.toMillis() + " ms");
            } catch (IOException | JacksonException e) {
                throw new QuoteUnavailable("insurer unreachable: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuoteUnavailable("interrupted");
            }
        }
    }

    private record QuoteRequest(UUID applicationId, int attempt, Object vehicle, Object driver, String region) {

        QuoteRequest(UUID applicationId, int attempt, ApplicationDetails details) {
            this(applicationId, attempt, details.vehicle(), details.driver(), details.region());
        }
    }
}
