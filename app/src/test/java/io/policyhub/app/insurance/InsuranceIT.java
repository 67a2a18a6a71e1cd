package io.policyhub.app.insurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.policyhub.app.support.Api;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.WebSocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** OSAGO applications against the insurer simulator (deterministic mode) over real HTTP. */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class InsuranceIT {

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void everyInsurerQuotesInParallelAndTheApplicationCompletes() {
        Api.User user = api.newUser();

        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        JsonNode application = awaitCompleted(user, applicationId);

        assertThat(application.get("insurers")).hasSize(5);
        for (JsonNode insurer : application.get("insurers")) {
            assertThat(insurer.get("status").asString()).isEqualTo("QUOTED");
            assertThat(insurer.get("premium").decimalValue()).isPositive();
            assertThat(insurer.get("attempts").asInt()).isEqualTo(1);
            assertThat(InsurerSimulator.calls(insurer.get("insurer").asString(), applicationId)).contains("\"calls\":1");
        }
    }

    @Test
    void failedCallsAreRetriedAndAnInsurerThatNeverAnswersFailsAfterThreeAttempts() {
        InsurerSimulator.behave("reso", "{\"failFirstAttempts\": 1}");
        InsurerSimulator.behave("rgs", "{\"failFirstAttempts\": 10}");
        Api.User user = api.newUser();

        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        JsonNode application = awaitCompleted(user, applicationId);

        JsonNode reso = insurer(application, "reso");
        assertThat(reso.get("status").asString()).isEqualTo("QUOTED");
        assertThat(reso.get("attempts").asInt()).isEqualTo(2);
        JsonNode rgs = insurer(application, "rgs");
        assertThat(rgs.get("status").asString()).isEqualTo("FAILED");
        assertThat(rgs.get("attempts").asInt()).isEqualTo(3);
        assertThat(rgs.get("error").asString()).contains("503");
        assertThat(InsurerSimulator.calls("rgs", applicationId)).contains("\"calls\":3");
        assertThat(insurer(application, "alfa").get("status").asString()).isEqualTo("QUOTED");
    }

    @Test
    void anInsurerThatHangsTimesOut() {
        InsurerSimulator.behave("sogaz", "{\"hang\": true}");
        Api.User user = api.newUser();

        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        JsonNode application = awaitCompleted(user, applicationId);

        JsonNode sogaz = insurer(application, "sogaz");
        assertThat(sogaz.get("status").asString()).isEqualTo("FAILED");
        assertThat(sogaz.get("error").asString()).contains("timeout");
        assertThat(sogaz.get("attempts").asInt()).isEqualTo(3);
        assertThat(insurer(application, "alfa").get("status").asString()).isEqualTo("QUOTED");
    }

    @Test
    void acceptingAQuotePaysThePremiumThroughTheOrdersFlow() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000000}");
        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        BigDecimal premium = insurer(awaitCompleted(user, applicationId), "ingos").get("premium").decimalValue();

        Api.Response accepted = api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/ingos/accept",
                user.token(), "{}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(settled(user, accepted).get("status").asString()).isEqualTo("PAID");
        assertThat(accepted.json().get("price").decimalValue()).isEqualByComparingTo(premium);
        assertThat(api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue())
                .isEqualByComparingTo(new BigDecimal("1000000").subtract(premium));
        assertThat(api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/ingos/accept", user.token(), "{}")
                .json().get("orderId").asString()).as("accepting again is the same order").isEqualTo(accepted.json().get("orderId").asString());
        assertThat(api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/alfa/accept", user.token(), "{}")
                .status()).isEqualTo(409);
        assertThat(api.get("/api/v1/notifications", user.token()).json().get(0).get("kind").asString()).isEqualTo("ORDER_PAID");
    }

    @Test
    void aPaidQuoteIssuesOnePolicyThatOnlyItsHolderSees() {
        Api.User user = api.newUser();
        Api.User other = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000000}");
        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        BigDecimal premium = insurer(awaitCompleted(user, applicationId), "reso").get("premium").decimalValue();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        Api.Response accepted = api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/reso/accept", user.token(), "{}");

        assertThat(settled(user, accepted).get("status").asString()).isEqualTo("PAID");
        JsonNode policy = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/insurance/policies", user.token()).json(), policies -> policies.size() == 1).get(0);
        assertThat(policy.get("number").asString()).matches("XXX\\d{10}");
        assertThat(policy.get("applicationId").asString()).isEqualTo(applicationId);
        assertThat(policy.get("insurer").asString()).isEqualTo("reso");
        assertThat(policy.get("premium").decimalValue()).isEqualByComparingTo(premium);
        LocalDate validFrom = LocalDate.parse(policy.get("validFrom").asString());
        assertThat(validFrom).as("from the day after the payment").isBetween(today.plusDays(1), today.plusDays(2));
        assertThat(LocalDate.parse(policy.get("validTo").asString())).isEqualTo(validFrom.plusYears(1).minusDays(1));
        assertThat(api.get("/api/v1/insurance/applications/" + applicationId, user.token()).status())
                .as("the application's read model applied the policy too").isEqualTo(200);
        assertThat(api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/reso/accept", user.token(), "{}").status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/insurance/policies", user.token()).json()).as("accepting again issues nothing").hasSize(1);
        JsonNode applications = api.get("/api/v1/insurance/applications", user.token()).json();
        assertThat(applications).hasSize(1);
        assertThat(applications.get(0).get("applicationId").asString()).isEqualTo(applicationId);
        assertThat(applications.get(0).get("insurers")).hasSize(5);
        assertThat(api.get("/api/v1/insurance/policies", other.token()).json()).isEmpty();
        assertThat(api.get("/api/v1/insurance/applications", other.token()).json()).isEmpty();
        assertThat(api.get("/api/v1/insurance/policies", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/insurance/applications", null).status()).isEqualTo(401);
    }

    @Test
    void aQuoteWhoseOrderIsRejectedIssuesNoPolicy() {
        Api.User user = api.newUser();
        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        awaitCompleted(user, applicationId);

        Api.Response accepted = api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/alfa/accept", user.token(), "{}");

        assertThat(accepted.json().get("status").asString()).isEqualTo("REJECTED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(api.get("/api/v1/insurance/policies", user.token()).json()).isEmpty());
    }

    @Test
    void aClientsOrderUnderAKeyLikeTheQuotesCannotPayThePolicy() {
        Api.User user = api.newUser();
        api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000000}");
        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        Api.Response cheap = api.post("/api/v1/orders", user.token(), "application/json", "{\"price\": 0.01}", "osago:" + applicationId);
        assertThat(cheap.status()).isEqualTo(201);
        BigDecimal premium = insurer(awaitCompleted(user, applicationId), "ingos").get("premium").decimalValue();

        Api.Response accepted = api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/ingos/accept",
                user.token(), "{}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().get("orderId").asString()).isNotEqualTo(cheap.json().get("orderId").asString());
        assertThat(accepted.json().get("price").decimalValue()).isEqualByComparingTo(premium);
        assertThat(settled(user, accepted).get("status").asString()).isEqualTo("PAID");
        assertThat(api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue())
                .isEqualByComparingTo(new BigDecimal("1000000").subtract(new BigDecimal("0.01")).subtract(premium));
    }

    @Test
    void theSameKeyIsTheSameApplicationAndASecondOneWithinTheMinuteIsRateLimited() {
        Api.User user = api.newUser();
        String key = UUID.randomUUID().toString();

        String first = submit(user, key).get("applicationId").asString();
        assertThat(submit(user, key).get("applicationId").asString()).isEqualTo(first);
        Api.Response otherDetails = api.post("/api/v1/insurance/applications", user.token(), "application/json",
                InsurerSimulator.APPLICATION.replace("Moscow", "Kazan"), key);
        assertThat(otherDetails.status()).as("the same key for another application").isEqualTo(422);
        assertThat(otherDetails.json().get("type").asString()).endsWith("/problems/idempotency-key-reused");

        Api.Response second = api.post("/api/v1/insurance/applications", user.token(), "application/json", InsurerSimulator.APPLICATION,
                UUID.randomUUID().toString());
        assertThat(second.status()).isEqualTo(429);
        assertThat(Long.parseLong(second.retryAfter())).isBetween(1L, 60L);
        assertThat(submit(user, key).get("applicationId").asString()).as("the first key still answers").isEqualTo(first);
    }

    @Test
    void invalidApplicationsAreRefusedWithTheFieldsNamed() {
        Api.User user = api.newUser();

        Api.Response withoutKey = api.post("/api/v1/insurance/applications", user.token(), InsurerSimulator.APPLICATION);
        assertThat(withoutKey.status()).isEqualTo(400);
        String invalid = InsurerSimulator.APPLICATION.replace("XTA210990Y2766389", "XTA210990Y27663IO").replace("2021", "2150")
                .replace("106", "0").replace("1985-05-01", "2099-01-01");
        Api.Response refused = api.post("/api/v1/insurance/applications", user.token(), "application/json", invalid,
                UUID.randomUUID().toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").toString())
                .contains("vehicle.vin", "vehicle.yearPlausible", "vehicle.enginePowerHp", "driver.birthDate");
    }

    @Test
    void onlyTheOwnerSeesAnApplication() {
        Api.User owner = api.newUser();
        Api.User other = api.newUser();
        String applicationId = submit(owner, UUID.randomUUID().toString()).get("applicationId").asString();

        assertThat(api.get("/api/v1/insurance/applications/" + applicationId, other.token()).status()).isEqualTo(404);
    }

    @Test
    void theOwnerFollowsEveryChangeLiveOverTheWebSocketAndOthersAreRefused() {
        // the insurers answer 300 ms apart: each answer is its own frame, in both modes
        for (int i = 0; i < InsurerSimulator.INSURERS.size(); i++) {
            InsurerSimulator.behave(InsurerSimulator.INSURERS.get(i), "{\"latencyMs\": " + 300 * (i + 1) + "}");
        }
        Api.User owner = api.newUser();
        Api.User other = api.newUser();
        String applicationId = submit(owner, UUID.randomUUID().toString()).get("applicationId").asString();
        String topic = "application:" + applicationId;

        try (WebSocketClient intruder = WebSocketClient.connect(port, other.token());
             WebSocketClient socket = WebSocketClient.connect(port, owner.token())) {
            intruder.subscribe(topic);
            JsonNode refusal = intruder.next(Duration.ofSeconds(10));
            assertThat(refusal.get("type").asString()).isEqualTo("error");
            assertThat(refusal.get("status").asInt()).isEqualTo(403);

            socket.subscribe(topic);
            List<JsonNode> events = new ArrayList<>();
            JsonNode frame;
            do {
                frame = socket.next(Duration.ofSeconds(30));
                assertThat(frame).as("a frame within 30 s").isNotNull();
                assertThat(frame.get("type").asString()).isEqualTo("event");
                assertThat(frame.get("topic").asString()).isEqualTo(topic);
                events.add(frame.get("payload"));
            } while (!frame.get("payload").get("status").asString().equals("COMPLETED"));

            assertThat(events.stream().map(InsuranceIT::answered).filter(answered -> answered > 0).distinct())
                    .as("every insurer's answer arrives as a frame of its own").containsExactly(1L, 2L, 3L, 4L, 5L);
            for (int i = 1; i < events.size(); i++) {
                assertThat(answered(events.get(i))).as("frames arrive in order").isGreaterThanOrEqualTo(answered(events.get(i - 1)));
            }
            assertThat(answered(events.get(events.size() - 1))).isEqualTo(5);
            assertThat(intruder.next(Duration.ofMillis(500))).as("the intruder got nothing more").isNull();
        }
    }

    @Test
    void aLongPollAnswersWhenTheApplicationChanges() {
        InsurerSimulator.INSURERS.forEach(insurer -> InsurerSimulator.behave(insurer, "{\"latencyMs\": 500}"));
        Api.User user = api.newUser();
        String applicationId = submit(user, UUID.randomUUID().toString()).get("applicationId").asString();
        JsonNode first = api.get("/api/v1/insurance/applications/" + applicationId, user.token()).json();

        JsonNode changed = api.get("/api/v1/insurance/applications/" + applicationId + "?since="
                + first.get("updatedAt").asString(), user.token()).json();

        assertThat(changed.get("updatedAt").asString()).isNotEqualTo(first.get("updatedAt").asString());
        assertThat(answered(changed)).isGreaterThan(answered(first));
    }

    private JsonNode submit(Api.User user, String key) {
        Api.Response response = api.post("/api/v1/insurance/applications", user.token(), "application/json", InsurerSimulator.APPLICATION, key);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json();
    }

    /**
     * The accepted quote's order once its payment is settled. The accept's answer says PAID as soon as the
     * payment finishes within the query's bounded wait (5 s); on a loaded machine it may still say
     * PENDING, which the contract allows, so the order is read until it is no longer pending.
     */
    private JsonNode settled(Api.User user, Api.Response accepted) {
        String orderId = accepted.json().get("orderId").asString();
        return await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/orders/" + orderId, user.token()).json(),
                order -> !order.get("status").asString().equals("PENDING"));
    }

    private JsonNode awaitCompleted(Api.User user, String applicationId) {
        return api.awaitCompleted(user, applicationId, Duration.ofSeconds(60));
    }

    private static JsonNode insurer(JsonNode application, String name) {
        for (JsonNode insurer : application.get("insurers")) {
            if (insurer.get("insurer").asString().equals(name)) {
                return insurer;
            }
        }
        throw new AssertionError(name + " missing in " + application);
    }

    private static long answered(JsonNode application) {
        long answered = 0;
        for (JsonNode insurer : application.get("insurers")) {
            answered += insurer.get("status").asString().equals("PENDING") ? 0 : 1;
        }
        return answered;
    }
}
