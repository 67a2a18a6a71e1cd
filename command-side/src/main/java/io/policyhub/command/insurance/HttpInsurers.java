package io.policyhub.command.insurance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.command.insurance.InsurerQuotes.QuoteRequest;
import io.policyhub.platform.observability.RequestIds;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.databind.JsonNode;

/**
 * Asks each insurer through its own {@link InsurerQuotes} client, behind its own bulkhead and
 * circuit breaker (Resilience4j): one hanging insurer holds at most {@code maxConcurrentCalls}
 * scheduler threads, and once its circuit is open its attempts fail at once, so the other insurers'
 * calls keep their threads and an application is not held for attempts x timeout. Every call is
 * timed per insurer and outcome ({@code policyhub.insurer.calls}), carries the request id, and is
 * observed by the RestClient (HTTP client meters and spans).
 */
@Component
class HttpInsurers implements InsurerGateway {

    private final Map<String, Insurer> insurers;
    private final Duration timeout;

    HttpInsurers(InsuranceSettings settings, CircuitBreakerRegistry breakers, MeterRegistry meters,
                 ObjectProvider<ObservationRegistry> observations) {
        this.timeout = settings.requestTimeout();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.requestTimeout());
        BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        this.insurers = settings.insurers().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                insurer -> new Insurer(client(insurer.getValue(), requests, observations),
                        breakers.circuitBreaker(insurer.getKey()), bulkheads.bulkhead(insurer.getKey()),
                        meters, insurer.getKey())));
    }

    /** The insurers' circuit breakers, a bean so that operations (and tests) can see and reset them. */
    @Bean
    static CircuitBreakerRegistry insurerCircuitBreakers(InsuranceSettings settings, MeterRegistry meters) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breaker().window())
                .minimumNumberOfCalls(settings.breaker().minimumCalls())
                .failureRateThreshold(settings.breaker().failureRatePercent())
                .waitDurationInOpenState(settings.breaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                // a full bulkhead says nothing about the insurer's health
                .ignoreExceptions(BulkheadFullException.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        return breakers;
    }

    private static InsurerQuotes client(URI endpoint, JdkClientHttpRequestFactory requests,
                                        ObjectProvider<ObservationRegistry> observations) {
        RestClient rest = RestClient.builder()
                .baseUrl(endpoint.toString().replaceAll("/+$", ""))
                .requestFactory(requests)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .requestInterceptor((request, body, execution) -> {
                    String requestId = RequestIds.current();
                    if (requestId != null) {
                        request.getHeaders().set(RequestIds.HEADER, requestId);
                    }
                    return execution.execute(request, body);
                })
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(InsurerQuotes.class);
    }

    @Override
    public BigDecimal quote(String insurer, UUID applicationId, int attempt, ApplicationDetails details) {
        Insurer target = insurers.get(insurer);
        if (target == null) {
            throw new QuoteUnavailable("no adapter for insurer " + insurer);
        }
        return target.quote(new QuoteRequest(applicationId, attempt, details.vehicle(), details.driver(), details.region()));
    }

    /** CircuitBreaker outside, Bulkhead inside: an open circuit refuses before taking a place in the bulkhead. */
    private final class Insurer {

        private final InsurerQuotes client;
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final MeterRegistry meters;
        private final String name;

        Insurer(InsurerQuotes client, CircuitBreaker breaker, Bulkhead bulkhead, MeterRegistry meters, String name) {
            this.client = client;
            this.breaker = breaker;
            this.bulkhead = bulkhead;
            this.meters = meters;
            this.name = name;
        }

        BigDecimal quote(QuoteRequest request) {
            long start = System.nanoTime();
            String outcome = "failure";
            try {
                BigDecimal premium = breaker.executeSupplier(Bulkhead.decorateSupplier(bulkhead, () -> call(request)));
                outcome = "success";
                return premium;
            } catch (CallNotPermittedException open) {
                outcome = "circuit-open";
                throw new QuoteUnavailable("circuit open: the insurer failed too often lately");
            } catch (BulkheadFullException full) {
                outcome = "bulkhead-full";
                throw new InsurerBusy("insurer busy: " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                        + " calls already in flight");
            } finally {
                Timer.builder("policyhub.insurer.calls")
                        .description("Quote calls to an insurer, by outcome")
                        .tag("insurer", name)
                        .tag("outcome", outcome)
                        .publishPercentileHistogram()
                        .register(meters)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        private BigDecimal call(QuoteRequest request) {
            JsonNode answer;
            try {
                answer = client.quote(request);
            } catch (RestClientResponseException refused) {
                throw new QuoteUnavailable("insurer answered " + refused.getStatusCode().value());
            } catch (ResourceAccessException unreachable) {
                throw unreachable.getCause() instanceof HttpTimeoutException
                        ? new QuoteUnavailable("timeout after " + timeout.toMillis() + " ms")
                        : new QuoteUnavailable("insurer unreachable: " + rootOf(unreachable).getClass().getSimpleName());
            } catch (RestClientException garbage) {
                throw new QuoteUnavailable("insurer answered garbage: " + rootOf(garbage).getClass().getSimpleName());
            }
            JsonNode premium = answer == null ? null : answer.path("premium");
            if (premium == null || !premium.isNumber() || premium.decimalValue().signum() <= 0) {
                throw new QuoteUnavailable("insurer answered without a valid premium");
            }
            return premium.decimalValue().setScale(2, RoundingMode.HALF_UP);
        }

        private static Throwable rootOf(Throwable failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root;
        }
    }
}
