package io.policyhub.app.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** B2B partners (application-local.yml: acme and globex, 20 requests/s each) with their own budgets. */
@IntegrationTest
class PartnerBudgetIT {

    private static final int BUDGET = 20;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPartnerFloodingTheApiIsHeldToItsBudgetWhileAnotherPartnerIsServed() throws Exception {
        CompletableFuture<List<Integer>> other = CompletableFuture.supplyAsync(() -> {
            try {
                return Concurrently.run(10, 1, i -> {
                    sleep(50);
                    return call("local-globex-key");
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        List<Integer> flood = Concurrently.run(250, 16, i -> call("local-acme-key"));
        double seconds = (System.nanoTime() - start) / 1e9;

        long served = flood.stream().filter(status -> status != 429).count();
        assertThat(flood).contains(429);
        assertThat(served).as("served within the budget: %d tokens plus %d/s for %.2f s", BUDGET, BUDGET, seconds)
                .isLessThanOrEqualTo(BUDGET + (long) Math.ceil(BUDGET * seconds) + 1);
        assertThat(other.get()).as("the other partner is never throttled").doesNotContain(429).containsOnly(404);
    }

    @Test
    void unknownKeysAreUnauthorizedAndPartnersOnlyReachTheQuoteApi() throws Exception {
        assertThat(call("no-such-key")).isEqualTo(401);
        HttpResponse<String> accounts = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/accounts/me"))
                .header("X-Api-Key", "local-globex-key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accounts.statusCode()).isEqualTo(403);
    }

    /** Asks for an application that does not exist: 404 when the request was served. */
    private int call(String apiKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/insurance/applications/" + UUID.randomUUID()))
                .header("X-Api-Key", apiKey).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
