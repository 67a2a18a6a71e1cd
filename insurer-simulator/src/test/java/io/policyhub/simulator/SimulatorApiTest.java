package io.policyhub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.JsonPathAssertions;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The HTTP contract the application's insurer adapter relies on, on a real Tomcat. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "simulator.deterministic=true",
        "simulator.hang-duration=500ms",
        // Few threads, so the hang test below shows that waiting answers do not occupy them.
        "server.tomcat.threads.max=4",
        "server.tomcat.threads.min-spare=1"})
class SimulatorApiTest {

    @LocalServerPort
    int port;

    private RestTestClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        client.post().uri("/reset").exchange().expectStatus().isNoContent();
        // Only the behaviour under test: no configured latency slowing the suite down.
        for (String insurer : List.of("alfa", "ingos", "reso", "rgs", "sogaz")) {
            behaviour(insurer, "{\"latencyMs\": 0}");
        }
    }

    @Test
    void answersHealth() {
        client.get().uri("/health").exchange().expectStatus().isOk().expectBody().json("{\"status\": \"UP\"}");
    }

    @Test
    void quotesTheSamePremiumForTheSameApplicationDataEveryTime() {
        UUID application = UUID.randomUUID();
        quote("alfa", application).expectStatus().isOk().expectBody()
                .jsonPath("$.insurer").isEqualTo("alfa")
                .jsonPath("$.quoteId").value(String.class, id -> assertThat(UUID.fromString(id)).isNotNull());

        BigDecimal first = premium("alfa", application);

        assertThat(first).isPositive();
        assertThat(first.scale()).as("two decimals on the wire").isEqualTo(2);
        assertThat(premium("alfa", application)).isEqualTo(first);
        assertThat(premium("alfa", UUID.randomUUID())).as("the price depends on the data only").isEqualTo(first);
        assertThat(premium("sogaz", application)).as("another insurer's factor").isNotEqualTo(first);
    }

    @Test
    void unknownInsurersAre404() {
        quote("nobody", UUID.randomUUID()).expectStatus().isNotFound();
        client.put().uri("/insurers/nobody/behaviour").contentType(MediaType.APPLICATION_JSON).body("{\"hang\": true}")
                .exchange().expectStatus().isNotFound();
        client.get().uri("/insurers/nobody/calls?applicationId={id}", UUID.randomUUID())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void malformedRequestsAre400() {
        client.post().uri("/insurers/alfa/quotes").contentType(MediaType.APPLICATION_JSON).body("{\"applicationId\":")
                .exchange().expectStatus().isBadRequest();
        client.post().uri("/insurers/alfa/quotes").contentType(MediaType.APPLICATION_JSON)
                .body("{\"applicationId\": \"%s\", \"attempt\": 1}".formatted(UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest();
        client.put().uri("/insurers/alfa/behaviour").contentType(MediaType.APPLICATION_JSON).body("{\"errorRate\": 2}")
                .exchange().expectStatus().isBadRequest();
        client.get().uri("/insurers/alfa/calls?applicationId=not-a-uuid").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aBehaviourUpdateChangesTheGivenFieldsAndResetRestoresThem() {
        behaviour("reso", "{\"latencyMs\": 5, \"failFirstAttempts\": 1}")
                .jsonPath("$.latencyMs").isEqualTo(5)
                .jsonPath("$.failFirstAttempts").isEqualTo(1)
                .jsonPath("$.errorRate").isEqualTo(0.10)
                .jsonPath("$.hang").isEqualTo(false);
        client.get().uri("/insurers").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(5)
                .jsonPath("$[2].insurer").isEqualTo("reso")
                .jsonPath("$[2].premiumFactor").isEqualTo(0.988)
                .jsonPath("$[2].behaviour.latencyMs").isEqualTo(5);

        client.post().uri("/reset").exchange().expectStatus().isNoContent();

        client.get().uri("/insurers").exchange().expectBody()
                .jsonPath("$[2].behaviour.latencyMs").isEqualTo(50)
                .jsonPath("$[2].behaviour.failFirstAttempts").isEqualTo(0);
    }

    @Test
    void failFirstAttemptsAnswer503ThenQuoteAndEveryCallIsCounted() {
        behaviour("ingos", "{\"failFirstAttempts\": 2}");
        UUID application = UUID.randomUUID();

        quote("ingos", application).expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(503);
        quote("ingos", application).expectStatus().isEqualTo(503);
        quote("ingos", application).expectStatus().isOk();

        calls("ingos", application).isEqualTo(3);
        calls("alfa", application).isEqualTo(0);
        calls("ingos", UUID.randomUUID()).isEqualTo(0);
    }

    @Test
    void deterministicModeIgnoresErrorAndHangRates() {
        behaviour("rgs", "{\"errorRate\": 1, \"hangRate\": 1, \"jitterMs\": 10000}");

        for (int i = 0; i < 5; i++) {
            quote("rgs", UUID.randomUUID()).expectStatus().isOk();
        }
    }

    @Test
    void aHangingInsurerOutlastsTheClientTimeoutWithoutHoldingServerThreads() throws Exception {
        behaviour("sogaz", "{\"hang\": true}");
        UUID timedOut = UUID.randomUUID();

        assertThatThrownBy(() -> http.send(quoteRequest("sogaz", timedOut, Duration.ofMillis(200)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        calls("sogaz", timedOut).isEqualTo(1);

        // Twice as many hanging calls as Tomcat has threads, and the server still answers at once.
        List<UUID> applications = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID()).toList();
        List<CompletableFuture<HttpResponse<String>>> hanging = applications.stream()
                .map(id -> http.sendAsync(quoteRequest("sogaz", id, Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (UUID id : applications) {
            while (callCount("sogaz", id) == 0) {
                Thread.sleep(10);
            }
        }
        quote("alfa", UUID.randomUUID()).expectStatus().isOk();

        for (CompletableFuture<HttpResponse<String>> answer : hanging) {
            assertThat(answer.get().statusCode()).as("answered after the hang").isEqualTo(200);
        }
    }

    private RestTestClient.ResponseSpec quote(String insurer, UUID application) {
        return client.post().uri("/insurers/{insurer}/quotes", insurer).contentType(MediaType.APPLICATION_JSON)
                .body(quoteBody(application)).exchange();
    }

    private BigDecimal premium(String insurer, UUID application) {
        return quote(insurer, application).expectStatus().isOk().expectBody(QuoteBody.class)
                .returnResult().getResponseBody().premium();
    }

    private RestTestClient.BodyContentSpec behaviour(String insurer, String update) {
        return client.put().uri("/insurers/{insurer}/behaviour", insurer).contentType(MediaType.APPLICATION_JSON)
                .body(update).exchange().expectStatus().isOk().expectBody();
    }

    private JsonPathAssertions calls(String insurer, UUID application) {
        return client.get().uri("/insurers/{insurer}/calls?applicationId={id}", insurer, application)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.calls");
    }

    private int callCount(String insurer, UUID application) {
        return client.get().uri("/insurers/{insurer}/calls?applicationId={id}", insurer, application)
                .exchange().expectBody(CallsBody.class).returnResult().getResponseBody().calls();
    }

    private HttpRequest quoteRequest(String insurer, UUID application, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/insurers/" + insurer + "/quotes"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(quoteBody(application)))
                .build();
    }

    private static String quoteBody(UUID application) {
        return """
                {"applicationId": "%s", "attempt": 1,
                 "vehicle": {"vin": "XTA210990Y2765432", "make": "Lada", "model": "Vesta", "year": 2019, "enginePowerHp": 106},
                 "driver": {"fullName": "Ivan Petrov", "birthDate": "1990-04-12", "licenseNumber": "7700 123456",
                            "licenseIssuedAt": "2010-05-20"},
                 "region": "Moscow"}
                """.formatted(application);
    }

    /** BigDecimal keeps the scale of the JSON number as sent. */
    record QuoteBody(String insurer, UUID quoteId, BigDecimal premium) {
    }

    record CallsBody(int calls) {
    }
}
