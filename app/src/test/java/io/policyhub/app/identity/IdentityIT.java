package io.policyhub.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.identity.UserIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.Concurrently;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.LocalInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class IdentityIT {

    @LocalServerPort
    int port;

    @Autowired
    EventLog events;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void registrationCreatesTheProfileAndAnAccountUsableRightAfterLogin() {
        Api.User user = api.newUser();

        JsonNode profile = api.get("/api/v1/profile", user.token()).json();
        assertThat(profile.get("userId").asString()).isEqualTo(user.userId().toString());
        assertThat(profile.get("username").asString()).isEqualTo(user.username());
        assertThat(profile.get("email").asString()).isEqualTo(user.username() + "@example.com");
        Api.Response account = api.get("/api/v1/accounts/me", user.token());
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.json().get("balance").decimalValue()).isZero();
    }

    @Test
    void eventsNeverCarryThePlainPassword() {
        Api.User user = api.newUser();

        List<String> payloads = events.serializedPayloads(user.userId().toString());
        assertThat(payloads).isNotEmpty().noneMatch(payload -> payload.contains(Api.PASSWORD));
        assertThat(payloads.get(0)).as("not even its hash, in the clear").contains("\"passwordHash\":\"pd1:").doesNotContain("bcrypt");
        assertThat(events.events(user.userId().toString()).get(0).getPayload().toString()).contains("passwordHash={bcrypt}$2");
    }

    @Test
    void aTakenUsernameIsRefusedWhateverItsCase() {
        Api.User user = api.newUser();

        Api.Response again = api.register(user.username().toUpperCase(), "another-password");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/username-taken");
        assertThat(api.login(user.username(), "another-password").status()).isEqualTo(401);
    }

    @Test
    void concurrentRegistrationsOfOneUsernameLetExactlyOneWin() throws Exception {
        String username = "race" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> statuses = Concurrently.run(12, 12, i -> api.register(username, "password-" + i).status());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(events.count(UserIds.forUsername(username).toString())).isEqualTo(1);
    }

    @Test
    void invalidRegistrationsAreRefusedWithTheFieldsNamed() {
        Api.Response response = api.post("/api/v1/auth/register", null, """
                {"username": "a b", "password": "short", "email": "not-an-email"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").toString()).contains("username", "password", "email");
    }

    @Test
    void weakPasswordsAreRefusedWithTheReasonAndRegisterNothing() {
        String username = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        for (String weak : List.of("1234567890", "Password123", username + "-secret", "password")) {
            Api.Response refused = api.register(username, weak);
            assertThat(refused.status()).as(weak).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.register(username, "1234567890").json().get("type").asString()).endsWith("/problems/weak-password");
        assertThat(api.register(username, "1234567890").json().get("detail").asString()).contains("most common");
        assertThat(api.register(username, username.toUpperCase() + "!x").json().get("detail").asString()).contains("username");
        Api.Response tooLong = api.register(username, "é".repeat(40)); // 40 characters, 80 bytes: more than bcrypt reads
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").toString()).contains("password");
        assertThat(api.login(username, "1234567890").status()).as("nothing was registered").isEqualTo(401);

        Api.User user = api.newUser();
        Api.Response weakChange = api.post("/api/v1/auth/password", user.token(),
                "{\"oldPassword\": \"" + Api.PASSWORD + "\", \"newPassword\": \"qwertyuiop\"}");
        assertThat(weakChange.status()).isEqualTo(400);
        assertThat(weakChange.json().get("type").asString()).endsWith("/problems/weak-password");
        Api.Response ownName = api.post("/api/v1/auth/password", user.token(),
                "{\"oldPassword\": \"" + Api.PASSWORD + "\", \"newPassword\": \"my-" + user.username() + "\"}");
        assertThat(ownName.status()).isEqualTo(400);
        assertThat(api.login(user.username(), Api.PASSWORD).status()).as("the password is unchanged").isEqualTo(200);
    }

    @Test
    void loginRefusesUnknownUsersAndWrongPasswords() {
        Api.User user = api.newUser();

        assertThat(api.login(user.username(), "wrong-password").status()).isEqualTo(401);
        assertThat(api.login("nobody" + UUID.randomUUID().toString().substring(0, 8), Api.PASSWORD).status()).isEqualTo(401);
        Api.Response login = api.login(user.username(), Api.PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(600);
        assertThat(login.json().get("refreshToken").asString()).isNotBlank();
    }

    @Test
    void passwordChangeNeedsTheOldPasswordAndTakesEffectAtOnce() {
        Api.User user = api.newUser();

        Api.Response wrong = api.post("/api/v1/auth/password", user.token(),
                "{\"oldPassword\": \"not-it-at-all\", \"newPassword\": \"brand-new-password\"}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.login(user.username(), Api.PASSWORD).status()).isEqualTo(200);

        Api.Response changed = api.post("/api/v1/auth/password", user.token(),
                "{\"oldPassword\": \"" + Api.PASSWORD + "\", \"newPassword\": \"brand-new-password\"}");
        assertThat(changed.status()).isEqualTo(204);
        assertThat(api.login(user.username(), "brand-new-password").status()).isEqualTo(200);
        assertThat(api.login(user.username(), Api.PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void profileIsFilledOnceThenChangedWithPut() {
        Api.User user = api.newUser();

        Api.Response created = api.post("/api/v1/profile", user.token(),
                "{\"firstName\": \"Anna\", \"lastName\": \"Petrova\", \"phone\": \"+7 900 123-45-67\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("firstName").asString()).isEqualTo("Anna");

        assertThat(api.post("/api/v1/profile", user.token(), "{\"firstName\": \"Again\"}").status()).isEqualTo(409);

        Api.Response updated = api.put("/api/v1/profile", user.token(), "{\"lastName\": \"Ivanova\", \"email\": \"anna@example.org\"}");
        assertThat(updated.status()).isEqualTo(200);
        JsonNode profile = api.get("/api/v1/profile", user.token()).json();
        assertThat(profile.get("firstName").asString()).isEqualTo("Anna");
        assertThat(profile.get("lastName").asString()).isEqualTo("Ivanova");
        assertThat(profile.get("email").asString()).isEqualTo("anna@example.org");
        assertThat(profile.get("phone").asString()).isEqualTo("+7 900 123-45-67");
    }

    @Test
    void usersSeeOnlyTheirOwnProfile() {
        Api.User first = api.newUser();
        Api.User second = api.newUser();

        assertThat(api.get("/api/v1/users/" + first.userId() + "/profile", first.token()).status()).isEqualTo(200);
        Api.Response foreign = api.get("/api/v1/users/" + first.userId() + "/profile", second.token());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain(first.username());
    }

    @Test
    void aParallelBurstOfGuessesGetsNoMoreChecksThanTheBudgetAndLocksNobodyElseOut() throws Exception {
        Api.User victim = api.newUser();
        Api attacker = api.from(Api.randomAddress());

        List<Api.Response> guesses = Concurrently.run(20, 20, i -> attacker.login(victim.username(), "guess-number-" + i));

        assertThat(guesses).extracting(Api.Response::status).containsOnly(401, 429);
        assertThat(guesses.stream().filter(guess -> guess.status() == 401)).as("checked: the budget, not more").hasSize(5);
        Api.Response throttled = guesses.stream().filter(guess -> guess.status() == 429).findFirst().orElseThrow();
        assertThat(throttled.json().get("type").asString()).endsWith("/problems/too-many-login-failures");
        assertThat(Long.parseLong(throttled.retryAfter())).isPositive();
        assertThat(attacker.login(victim.username(), Api.PASSWORD).status()).as("even the right password, from there").isEqualTo(429);
        assertThat(api.from(Api.randomAddress()).login(victim.username(), Api.PASSWORD).status())
                .as("the victim, from anywhere else").isEqualTo(200);
    }

    @Test
    void oneAddressSprayingManyUsernamesIsHeldBackAndRightPasswordsCountNothing() {
        Api sprayer = api.from(Api.randomAddress());
        for (int i = 0; i < 20; i++) {
            assertThat(sprayer.login("nobody-" + UUID.randomUUID().toString().substring(0, 8), "sprayed-password").status())
                    .isEqualTo(401);
        }
        Api.Response next = sprayer.login("nobody-" + UUID.randomUUID().toString().substring(0, 8), "sprayed-password");
        assertThat(next.status()).as("the address's budget is spent").isEqualTo(429);

        Api.User user = api.newUser();
        Api office = api.from(Api.randomAddress());
        for (int i = 0; i < 30; i++) {
            assertThat(office.login(user.username(), Api.PASSWORD).status()).as("login %d", i).isEqualTo(200);
        }
    }

    @Test
    void withRedisDownLoginsAreRefusedNotLetThrough() {
        Api.User user = api.newUser();
        LocalInfrastructure.stop("redis");
        try {
            Api.Response refused = api.login(user.username(), Api.PASSWORD);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("type").asString()).endsWith("/problems/login-unavailable");
            assertThat(refused.retryAfter()).isNotNull();
            assertThat(api.get("/api/v1/profile", user.token()).status()).as("signed-in users go on").isEqualTo(200);
        } finally {
            LocalInfrastructure.start("redis");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.login(user.username(), Api.PASSWORD).status() == 200);
    }

    @Test
    void administratorsAreMadeByAdministratorsWithAnAuditTrailNotByTheirName() {
        Api.User user = api.newUser();
        Api.User bystander = api.newUser();
        String admin = api.adminToken();
        String grant = "/api/v1/admin/administrators/" + user.userId();
        assertThat(api.get("/api/v1/admin/projections", user.token()).status()).isEqualTo(403);
        assertThat(api.put(grant, bystander.token(), "{}").status()).as("only an administrator grants").isEqualTo(403);

        assertThat(api.put(grant, admin, "{}").status()).isEqualTo(204);
        assertThat(api.put(grant, admin, "{}").status()).as("granting twice changes nothing").isEqualTo(204);
        String promoted = api.token(user.username(), Api.PASSWORD);
        assertThat(api.get("/api/v1/admin/projections", promoted).status()).isEqualTo(200);
        List<String> trail = events.serializedPayloads(user.userId().toString());
        assertThat(trail.stream().filter(event -> event.contains("grantedBy"))).singleElement().asString()
                .contains(UserIds.forUsername(Api.ADMIN).toString());

        assertThat(api.delete(grant, promoted).status()).as("not by themselves").isEqualTo(409);
        assertThat(api.delete(grant, admin).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/admin/projections", api.token(user.username(), Api.PASSWORD)).status()).isEqualTo(403);
        assertThat(api.put("/api/v1/admin/administrators/" + UUID.randomUUID(), admin, "{}").status())
                .as("only registered users").isEqualTo(404);
    }

    @Test
    void adminEndpointsNeedTheAdminRole() {
        Api.User user = api.newUser();

        assertThat(api.get("/api/v1/admin/projections", user.token()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/projections/accounts/replay", user.token(), "{}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/projections", api.adminToken()).status()).isEqualTo(200);
    }
}
