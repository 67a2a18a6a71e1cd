package io.policyhub.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import io.lettuce.core.api.sync.RedisCommands;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.EventLog;
import io.policyhub.app.support.InsurerSimulator;
import io.policyhub.app.support.IntegrationTest;
import io.policyhub.app.support.TestMode;
import io.policyhub.platform.clickhouse.ClickHouseConnections;
import io.policyhub.platform.redis.SharedRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Erasure by crypto-shredding: after it, the user's names, email, phone, licence and VIN are in no
 * store at all (events, snapshots, every PostgreSQL table, ClickHouse, Redis), not even after the
 * read models are rebuilt from the events; the money history stays whole.
 */
@IntegrationTest
@ExtendWith(InsurerSimulator.Prompt.class)
class ErasureIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventLog events;
    @Autowired
    ClickHouseConnections clickHouse;
    @Autowired
    SharedRedisConnection redis;

    @Test
    void anErasedUsersPersonalDataIsInNoStoreEvenAfterAReplay() {
        Api api = new Api(port);
        Api.User user = api.newUser();
        String first = letters(), last = letters(), phone = "+7 9" + digits(9), driver = letters() + " " + letters();
        String vin = "XTA" + digits(14), licence = "77" + digits(8);
        String email = api.get("/api/v1/profile", user.token()).json().get("email").asString();
        assertThat(api.post("/api/v1/profile", user.token(), """
                {"firstName": "%s", "lastName": "%s", "phone": "%s"}""".formatted(first, last, phone)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": 1000000}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/orders", user.token(), "{\"price\": 40}").status()).isEqualTo(201);
        Api.Response application = api.post("/api/v1/insurance/applications", user.token(), "application/json", """
                {"vehicle": {"vin": "%s", "make": "Lada", "model": "Vesta", "year": 2021, "enginePowerHp": 106},
                 "driver": {"fullName": "%s", "birthDate": "1985-05-01", "licenseNumber": "%s", "licenseIssuedAt": "2005-06-01"},
                 "region": "Moscow"}""".formatted(vin, driver, licence), UUID.randomUUID().toString());
        assertThat(application.status()).as(application.body()).isEqualTo(202);
        String applicationId = application.json().get("applicationId").asString();
        String passport = "45" + digits(8), relative = letters() + " " + letters(), relativeLicence = "78" + digits(8);
        assertThat(api.post("/api/v1/profile/documents", user.token(), """
                {"type": "PASSPORT", "number": "%s", "issuedAt": "2015-01-01"}""".formatted(passport)).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/profile/relatives", user.token(), """
                {"relation": "SPOUSE", "fullName": "%s", "birthDate": "1988-02-03", "licenseNumber": "%s",
                 "licenseIssuedAt": "2008-03-04"}""".formatted(relative, relativeLicence)).status()).isEqualTo(201);
        // the policy repeats the application's vehicle and driver in an event of its own
        api.awaitCompleted(user, applicationId, Duration.ofSeconds(60));
        assertThat(api.post("/api/v1/insurance/applications/" + applicationId + "/quotes/alfa/accept", user.token(), "{}")
                .json().get("status").asString()).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/insurance/policies", user.token()).json().size() == 1);
        List<String> personal = List.of(first, last, phone, email, vin, driver, licence, passport, relative, relativeLicence);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/v1/notifications", user.token()).json().toString())
                .as("the read models hold the data, so the search below can find it").contains(email));
        assertThat(foundInPostgres(personal)).contains(first, last, phone, email, passport, relative, relativeLicence);
        assertThat(foundInStoredEvents(personal)).as("encrypted at rest from the start").isEmpty();

        Api.Response wrong = api.post("/api/v1/profile/erasure", user.token(), "{\"password\": \"not-the-password\"}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/profile", user.token()).json().get("firstName").asString()).isEqualTo(first);

        assertThat(api.post("/api/v1/profile/erasure", user.token(), "{\"password\": \"" + Api.PASSWORD + "\"}").status()).isEqualTo(204);

        assertThat(api.get("/api/v1/accounts/me", user.token()).status()).as("every session ended").isEqualTo(401);
        assertThat(api.login(user.username(), Api.PASSWORD).status()).isEqualTo(401);
        assertThat(api.register(user.username(), "a-new-start-2026").status()).as("the username stays taken").isEqualTo(409);
        awaitProjectionsIdle(api);
        assertNowhere(personal, user, applicationId);

        String admin = api.adminToken();
        for (String projection : List.of("users", "orders")) {
            assertThat(api.post("/api/v1/admin/projections/" + projection + "/replay", admin, "{}").status()).isEqualTo(202);
        }
        awaitProjectionsIdle(api);
        assertNowhere(personal, user, applicationId);
        assertThat(jdbc.queryForObject("select erased from users where user_id = ?", Boolean.class, user.userId())).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from orders where customer_id = ?", Integer.class, user.userId()))
                .as("the money history stays").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from insurance_policies where customer_id = ?", Integer.class, user.userId()))
                .as("the policy stays, without the vehicle and driver").isEqualTo(1);
    }

    /** The old messenger's sign-up keeps more on the profile: all of it goes with the user. */
    @Test
    void theOldMessengersProfileFieldsGoWithTheUser() {
        Api api = new Api(port);
        String email = "legacy-" + letters().toLowerCase() + "@example.com";
        String name = letters(), surname = letters(), city = letters(), interest = letters(), sex = letters();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Forwarded-For", Api.randomAddress());
        Api.Response signedUp = api.raw("POST", "/auth/sign-up", headers, """
                {"email": "%s", "password": "%s", "name": "%s", "surname": "%s", "birthday": "1977-07-07", "sex": "%s",
                 "city": "%s", "interests": ["%s"]}""".formatted(email, Api.PASSWORD, name, surname, sex, city, interest));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        UUID userId = UUID.fromString(signedUp.json().get("user_id").asString());
        String token = api.raw("POST", "/auth/sign-in", headers, "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email,
                Api.PASSWORD)).json().get("access_token").asString();
        List<String> personal = List.of(email, name, surname, city, interest, sex);
        assertThat(foundInPostgres(personal)).containsAll(personal);
        assertThat(foundInStoredEvents(personal)).as("encrypted at rest from the start").isEmpty();

        assertThat(api.post("/api/v1/profile/erasure", token, "{\"password\": \"" + Api.PASSWORD + "\"}").status()).isEqualTo(204);
        awaitProjectionsIdle(api);
        assertThat(foundInPostgres(personal)).isEmpty();
        assertThat(foundInStoredEvents(personal)).isEmpty();
        assertThat(jdbc.queryForObject("select birthday is null and interests is null from users where user_id = ?", Boolean.class,
                userId)).isTrue();
        assertThat(api.raw("POST", "/auth/sign-in", headers, "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email,
                Api.PASSWORD)).status()).isEqualTo(401);
        assertThat(api.raw("POST", "/auth/sign-up", headers, """
                {"email": "%s", "password": "%s", "name": "A", "surname": "B"}""".formatted(email, Api.PASSWORD)).status())
                .as("the email's account stays taken, as a username does").isEqualTo(409);
    }

    private void assertNowhere(List<String> personal, Api.User user, String applicationId) {
        assertThat(foundInPostgres(personal)).as("PostgreSQL").isEmpty();
        assertThat(foundInStoredEvents(personal)).as("the stored events and snapshots").isEmpty();
        List<String> asReadFromEvents = new ArrayList<>();
        for (String aggregate : List.of(user.userId().toString(), applicationId)) {
            events.events(aggregate).forEach(event -> asReadFromEvents.add(String.valueOf(event.getPayload())));
        }
        assertThat(asReadFromEvents).as("the events as any replay reads them").isNotEmpty()
                .allSatisfy(event -> assertThat(event).doesNotContain(personal));
        assertThat(foundInClickHouse(personal)).as("ClickHouse").isEmpty();
        assertThat(foundInRedis(personal)).as("Redis").isEmpty();
    }

    /** Every table of the schema, each row as text (bytea shows as hex there; the event payloads are read below). */
    private List<String> foundInPostgres(List<String> values) {
        List<String> tables = jdbc.queryForList("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE'", String.class);
        List<String> found = new ArrayList<>();
        for (String value : values) {
            for (String table : tables) {
                Integer rows = jdbc.queryForObject("select count(*) from \"" + table + "\" t where t::text like ?", Integer.class,
                        "%" + value + "%");
                if (rows != null && rows > 0) {
                    found.add(value);
                }
            }
        }
        return found;
    }

    /** The bytes as stored (locally in PostgreSQL; Axon Server's are checked as read, in assertNowhere). */
    private List<String> foundInStoredEvents(List<String> values) {
        if (TestMode.axonServer()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (String value : values) {
            for (String table : List.of("domain_event_entry", "snapshot_event_entry", "dead_letter_entry")) {
                Integer rows = jdbc.queryForObject("select count(*) from " + table
                        + " where position(convert_to(?, 'UTF8') in payload) > 0", Integer.class, value);
                if (rows != null && rows > 0) {
                    found.add(value + " in " + table);
                }
            }
        }
        return found;
    }

    private List<String> foundInClickHouse(List<String> values) {
        List<String> found = new ArrayList<>();
        for (var shard : clickHouse.shards()) {
            for (String value : values) {
                Long rows = shard.queryForObject("SELECT count() FROM chat_messages_local WHERE position(text, ?) > 0",
                        Long.class, value);
                if (rows != null && rows > 0) {
                    found.add(value);
                }
            }
        }
        return found;
    }

    private List<String> foundInRedis(List<String> values) {
        RedisCommands<String, String> commands = redis.get().sync();
        StringBuilder everything = new StringBuilder();
        for (String key : commands.keys("*")) {
            everything.append(key).append(' ');
            switch (commands.type(key)) {
                case "string" -> everything.append(commands.get(key));
                case "zset" -> everything.append(commands.zrange(key, 0, -1));
                case "list" -> everything.append(commands.lrange(key, 0, -1));
                case "hash" -> everything.append(commands.hgetall(key));
                case "set" -> everything.append(commands.smembers(key));
                default -> { }
            }
            everything.append('\n');
        }
        return values.stream().filter(value -> everything.indexOf(value) >= 0).toList();
    }

    private static void awaitProjectionsIdle(Api api) {
        String admin = api.adminToken();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode processors = api.get("/api/v1/admin/projections", admin).json();
            assertThat(StreamSupport.stream(processors.spliterator(), false)
                    .filter(processor -> processor.get("replaying").asBoolean() || processor.get("lag").asLong() > 0)
                    .map(processor -> processor.get("name").asString())).isEmpty();
        });
    }

    private static String letters() {
        StringBuilder name = new StringBuilder("Er");
        for (int i = 0; i < 8; i++) {
            name.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return name.toString();
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }
}
