package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad input always gets a 4xx problem, never a 5xx, and changes nothing. */
@IntegrationTest
class BadInputIT {

    private static final String DEPOSITS = "/api/v1/accounts/me/deposits";

    @LocalServerPort
    int port;

    @Autowired
    EventLog events;

    private Api api;
    private Api.User user;

    @BeforeEach
    void openFundedAccount() {
        api = new Api(port);
        user = api.newUser();
        assertThat(api.post(DEPOSITS, user.token(), "{\"amount\": 50}").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\": 0}", "{\"amount\": -10}", "{\"amount\": 1.001}", "{\"amount\": null}", "{}",
            "{\"amount\": 1e400}", "{\"amount\": 12345678901234567.00}", "{\"amount\": 1E+2147483647}",
            "{\"amount\": 1E-2147483647}", "{\"amount\": 1000000000000000.00}"})
    void invalidAmountsAreRefusedWithTheFieldNamed(String body) {
        for (String path : new String[] {DEPOSITS, "/api/v1/accounts/me/withdrawals"}) {
            Api.Response response = api.post(path, user.token(), body);

            assertProblem(response, 400);
            assertThat(response.json().get("errors").toString()).contains("\"amount\"");
        }
        assertUnchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\": ", "not json", "{\"amount\": \"ten\"}", "[1, 2]", ""})
    void malformedBodiesAreRefused(String body) {
        assertProblem(api.post(DEPOSITS, user.token(), body), 400);
        assertUnchanged();
    }

    @Test
    void unsupportedMediaTypeIsRefused() {
        assertProblem(api.post(DEPOSITS, user.token(), "text/plain", "{\"amount\": 10}"), 415);
        assertUnchanged();
    }

    @Test
    void oversizedBodiesAreRefused() {
        String padding = "x".repeat(200_000);
        assertProblem(api.post(DEPOSITS, user.token(), "{\"amount\": 10, \"note\": \"" + padding + "\"}"), 413);
        assertUnchanged();
    }

    @Test
    void unknownResourcesAreNotFound() {
        assertProblem(api.get("/api/v1/accounts/" + UUID.randomUUID(), user.token()), 404);
        assertProblem(api.post("/api/v1/admin/projections/no-such-projection/replay", api.adminToken(), "{}"), 404);
    }

    @Test
    void callersWithoutAValidIdentityAreUnauthorized() {
        assertProblem(api.get("/api/v1/accounts/me", null), 401);
        assertProblem(api.post(DEPOSITS, null, "{\"amount\": 10}"), 401);
        assertUnchanged();
    }

    /** Nor is a wrong id a failure of ours: it is answered, and logged without a stack trace (one per request would flood the log). */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void idsOfAnotherAggregateTypeOrOfNoneAreNotFoundAtOnce(CapturedOutput output) {
        String someoneElse = api.newUser().userId().toString();
        String mine = user.userId().toString();
        String account = AccountIds.forOwner(user.userId()).toString();

        assertProblem(api.get("/api/v1/orders/" + mine, user.token()), 404);
        assertProblem(api.get("/api/v1/orders/" + account, user.token()), 404);
        assertProblem(api.get("/api/v1/insurance/applications/" + mine, user.token()), 404);
        assertProblem(api.post("/api/v1/insurance/applications/" + mine + "/quotes/sogaz/accept", user.token(), ""), 404);
        assertProblem(api.post("/api/v1/insurance/applications/" + UUID.randomUUID() + "/quotes/sogaz/accept", user.token(), ""), 404);
        assertProblem(api.get("/api/v1/chats/" + someoneElse + "/messages", user.token()), 404);
        assertProblem(api.post("/api/v1/chats/" + mine + "/messages", user.token(), "{\"text\": \"hi\"}"), 404);
        assertUnchanged();
        assertThat(output.getOut()).as("what was logged").doesNotContain("Exception occurred while trying to load")
                .doesNotContain("\tat ");
    }

    @Test
    void refusalsOutsideTheControllersAreProblemsToo() {
        // a path nothing serves, the container's error path called directly
        assertProblem(api.get("/api/v1/nothing-here", user.token()), 404);
        assertProblem(api.get("/error", null), 404);
        // refused by the connector before any servlet runs: Tomcat's error page, as a problem too
        Api.Response nul = api.raw("GET", "/api/v1/accounts/%00me", Map.of("Authorization", "Bearer " + user.token()), null);
        assertProblem(nul, 400);
        assertThat(nul.json().get("type").asString()).isEqualTo("/problems/bad-request");
        assertUnchanged();
    }

    /**
     * Tomcat lets bytes 0x80-0xFF through in header values; Spring Security's firewall refuses the C1
     * controls among them (U+0080-U+009F) when the header is read, here the token's.
     */
    @Test
    void aControlCharacterInTheTokenHeaderIsRefusedByTheFirewall() throws IOException {
        String body = "{\"amount\": 5}";
        String request = "POST " + DEPOSITS + " HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nAuthorization: Bearer " + user.token() + "\u0085\r\n\r\n" + body;
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"/problems/bad-request\"");
        assertUnchanged();
    }

    @Test
    void aBalanceNeverOutgrowsWhatEveryStoreKeeps() {
        Api.User rich = api.newUser();
        assertThat(api.post(DEPOSITS, rich.token(), "{\"amount\": 99999999999.99}").status()).isEqualTo(200);

        Api.Response more = api.post(DEPOSITS, rich.token(), "{\"amount\": 0.01}");

        assertProblem(more, 409);
        assertThat(more.json().get("type").asString()).isEqualTo("/problems/balance-limit");
        assertThat(api.get("/api/v1/accounts/me", rich.token()).json().get("balance").decimalValue())
                .isEqualByComparingTo("99999999999.99");
    }

    private void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asString()).isNotBlank();
    }

    private void assertUnchanged() {
        assertThat(eventCountOf(user.userId())).as("opened + one deposit").isEqualTo(2);
        assertThat(api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue()).isEqualByComparingTo("50");
    }

    private long eventCountOf(UUID owner) {
        return events.count(AccountIds.forOwner(owner).toString());
    }
}
