package io.policyhub.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.policyhub.api.insurance.ApplicationIds;
import io.policyhub.app.support.Api;
import io.policyhub.app.support.IntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * What the API accepts, every store keeps, generated from {@code docs/field-limits.md}: every field
 * of every request body has a row, and each row's limits are probed through the API with values at
 * and around them (text in several scripts, emoji, NUL, lone surrogates), randomised from a fixed
 * seed. A value is either refused with 400 and nothing changed, or accepted and read back equal from
 * every read model that keeps it; nothing answers 5xx.
 */
@IntegrationTest
class FieldLimitsIT {

    private static final Path TABLE = Path.of("..", "docs", "field-limits.md");
    private static final String LETTERS = "aéжЖ日Ω";
    private static final String EMOJI = "\uD83D\uDE00";

    @LocalServerPort
    int port;

    private final Random random = new Random(20261130);

    record Row(String body, String field, String kind, String min, String max) {
        String key() {
            return body + "." + field;
        }
    }

    /** A value to send and whether the table says it must be accepted. */
    record Probe(String label, Object value, boolean accepted) {
    }

    @Test
    void everyFieldOfEveryRequestBodyHasARowAndEveryRowAField() throws IOException {
        Set<String> documented = rows().stream().map(Row::key).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(requestBodyFields());
    }

    @TestFactory
    Stream<DynamicTest> valuesAtAndAroundEveryLimitAreRefusedOrKeptAsSent() throws IOException {
        Api api = new Api(port);
        return rows().stream().flatMap(row -> probes(row).stream().map(probe ->
                DynamicTest.dynamicTest(row.key() + " " + probe.label(), () -> check(api, row, probe))));
    }

    // ---- the table and the code

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            String[] cells = line.split("\\|");
            if (cells.length < 7 || cells[1].isBlank() || cells[1].trim().equals("body") || cells[1].trim().startsWith("---")) {
                continue;
            }
            rows.add(new Row(cells[1].trim(), cells[2].trim(), cells[3].trim(), cells[4].trim(), cells[5].trim()));
        }
        assertThat(rows).as("rows of " + TABLE).hasSizeGreaterThan(10);
        return rows;
    }

    /** Every component of every record a controller takes as {@code @RequestBody}, nested records opened. */
    private static Set<String> requestBodyFields() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<String> fields = new TreeSet<>();
        for (BeanDefinition controller : scanner.findCandidateComponents("io.policyhub")) {
            for (Method method : load(controller.getBeanClassName()).getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(RequestBody.class)) {
                        addComponents(parameter.getType(), fields);
                    }
                }
            }
        }
        return fields;
    }

    private static void addComponents(Class<?> body, Set<String> fields) {
        assertThat(body.isRecord()).as(body + " is a record").isTrue();
        for (RecordComponent component : body.getRecordComponents()) {
            if (component.getType().isRecord()) {
                addComponents(component.getType(), fields);
            } else {
                fields.add(body.getSimpleName() + "." + component.getName());
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- values at and around the limits, by kind

    private List<Probe> probes(Row row) {
        List<Probe> probes = new ArrayList<>();
        switch (row.kind()) {
            case "text", "password" -> {
                int min = Integer.parseInt(row.min());
                int max = Integer.parseInt(row.max());
                boolean bytes = row.kind().equals("password");
                probes.add(new Probe("at the maximum", bytes ? ascii(max) : mixed(max), true));
                probes.add(new Probe("over the maximum", ascii(max + 1), false));
                if (bytes) {
                    probes.add(new Probe("over the maximum in bytes", "ж".repeat(max / 2 + 1), false));
                }
                if (min > 0) {
                    probes.add(new Probe("at the minimum", ascii(min), true));
                    probes.add(new Probe("under the minimum", ascii(min - 1), false));
                }
                probes.addAll(hostile(Math.max(min, 3)));
            }
            case "name" -> {
                probes.add(new Probe("at the maximum", "Ж" + letters(63), true));
                probes.add(new Probe("over the maximum", "Ж" + letters(64), false));
                probes.add(new Probe("one letter", "Ё", true));
                probes.add(new Probe("not starting with a letter", "-Anna", false));
                probes.addAll(hostile(3));
            }
            case "phone" -> {
                probes.add(new Probe("at the maximum", "+7 (912) 345-67-8901", true));
                probes.add(new Probe("over the maximum", "+7 (912) 345-67-89012", false));
                probes.add(new Probe("at the minimum", "12345", true));
                probes.add(new Probe("under the minimum", "1234", false));
                probes.add(new Probe("letters", "+7 912 CALL ME", false));
            }
            case "email" -> {
                String local = ascii(64).toLowerCase();
                probes.add(new Probe("at the maximum", local + "@" + domain(254 - 65) , true));
                probes.add(new Probe("over the maximum", local + "@" + domain(254 - 64), false));
                probes.add(new Probe("not an address", "no-at-sign", false));
                probes.addAll(hostile(3));
            }
            case "username" -> {
                probes.add(new Probe("at the maximum", ascii(32), true));
                probes.add(new Probe("over the maximum", ascii(33), false));
                probes.add(new Probe("at the minimum", ascii(3), true));
                probes.add(new Probe("under the minimum", ascii(2), false));
                probes.add(new Probe("outside the alphabet", "user name", false));
            }
            case "amount" -> {
                probes.add(new Probe("the minimum", new BigDecimal("0.01"), true));
                probes.add(new Probe("the maximum", new BigDecimal(row.max()), true));
                probes.add(new Probe("over the maximum", new BigDecimal(row.max()).add(new BigDecimal("0.01")), false));
                probes.add(new Probe("zero", BigDecimal.ZERO, false));
                probes.add(new Probe("three decimals", new BigDecimal("1.001"), false));
                probes.add(new Probe("a huge exponent", new BigDecimal("1E+2147483647"), false));
                probes.add(new Probe("a tiny exponent", new BigDecimal("1E-2147483647"), false));
            }
            case "integer" -> {
                int max = row.max().equals("next year") ? Year.now().getValue() + 1 : Integer.parseInt(row.max());
                probes.add(new Probe("the minimum", Integer.parseInt(row.min()), true));
                probes.add(new Probe("the maximum", max, true));
                probes.add(new Probe("under the minimum", Integer.parseInt(row.min()) - 1, false));
                probes.add(new Probe("over the maximum", max + 1, false));
            }
            case "date" -> {
                if (row.field().equals("birthDate")) {
                    probes.add(new Probe("18 years ago", LocalDate.now().minusYears(18).toString(), true));
                    probes.add(new Probe("a day short of 18", LocalDate.now().minusYears(18).plusDays(1).toString(), false));
                    probes.add(new Probe("1900-01-01", "1900-01-01", true));
                    probes.add(new Probe("1899-12-31", "1899-12-31", false));
                } else {
                    probes.add(new Probe("today", LocalDate.now().toString(), true));
                    probes.add(new Probe("tomorrow", LocalDate.now().plusDays(1).toString(), false));
                }
                probes.add(new Probe("the last representable day", "+999999999-12-31", false));
                probes.add(new Probe("the first representable day", "-999999999-01-01", false));
            }
            case "enum" -> {
                probes.add(new Probe("a value", row.min(), true));
                probes.add(new Probe("in lower case", row.min().toLowerCase(), false));
                probes.add(new Probe("not a value", "VISA", false));
                probes.add(new Probe("NUL", "\u0000", false));
            }
            case "document" -> {
                probes.add(new Probe("ten digits", "4510" + digits(6), true));
                probes.add(new Probe("letters, which a passport has none of", "45AB" + digits(6), false));
                probes.add(new Probe("nine digits", digits(9), false));
                probes.add(new Probe("eleven digits", digits(11), false));
                probes.add(new Probe("over the column", digits(33), false));
                probes.addAll(hostile(10));
            }
            case "expiry" -> {
                probes.add(new Probe("the day after issue", "2015-01-02", true));
                probes.add(new Probe("the issue day", "2015-01-01", false));
                probes.add(new Probe("2999-12-31", "2999-12-31", true));
                probes.add(new Probe("3000-01-01", "3000-01-01", false));
                probes.add(new Probe("the last representable day", "+999999999-12-31", false));
            }
            case "fullname" -> {
                probes.add(new Probe("at the maximum", "Ж" + letters(127), true));
                probes.add(new Probe("over the maximum", "Ж" + letters(128), false));
                probes.add(new Probe("one letter", "Ё", true));
                probes.add(new Probe("not starting with a letter", "-Anna", false));
                probes.addAll(hostile(3));
            }
            case "pastdate" -> {
                probes.add(new Probe("yesterday", LocalDate.now().minusDays(1).toString(), true));
                probes.add(new Probe("today", LocalDate.now().toString(), false));
                probes.add(new Probe("1900-01-01", "1900-01-01", true));
                probes.add(new Probe("1899-12-31", "1899-12-31", false));
                probes.add(new Probe("the first representable day", "-999999999-01-01", false));
            }
            case "vin" -> {
                probes.add(new Probe("17 characters", "1HGCM82633A004352", true));
                probes.add(new Probe("16 characters", "1HGCM82633A00435", false));
                probes.add(new Probe("with an O", "1HGCM82633A00435O", false));
            }
            case "licence" -> {
                probes.add(new Probe("at the maximum", "77АБ" + digits(16), true));
                probes.add(new Probe("over the maximum", "77АБ" + digits(17), false));
                probes.add(new Probe("at the minimum", digits(6), true));
                probes.add(new Probe("under the minimum", digits(5), false));
            }
            case "sex" -> {
                probes.add(new Probe("a word", "female", true));
                probes.add(new Probe("at the maximum", "Ж" + letters(15), true));
                probes.add(new Probe("over the maximum", "Ж" + letters(16), false));
                probes.add(new Probe("digits", "42", false));
                probes.addAll(hostile(3));
            }
            case "interests" -> {
                probes.add(new Probe("none", List.of(), true));
                probes.add(new Probe("twenty, each at the maximum", IntStream.range(0, 20)
                        .mapToObj(i -> "Ж" + letters(31)).toList(), true));
                probes.add(new Probe("twenty-one", IntStream.range(0, 21).mapToObj(i -> "chess").toList(), false));
                probes.add(new Probe("one over the maximum", List.of("Ж" + letters(32)), false));
                probes.add(new Probe("an empty one", List.of("chess", ""), false));
                probes.add(new Probe("with a comma", List.of("chess, go"), false));
                probes.add(new Probe("with NUL", List.of("che\u0000ss"), false));
                probes.add(new Probe("not a list", "chess", false));
            }
            case "uuid" -> {
                probes.add(new Probe("not a uuid", "not-a-uuid", false));
                probes.add(new Probe("NUL", "\u0000", false));
            }
            default -> throw new IllegalStateException("no probes for kind " + row.kind() + " of " + row.key());
        }
        return probes;
    }

    /** NUL and lone surrogates inside an otherwise valid text: always refused. */
    private List<Probe> hostile(int length) {
        String valid = ascii(length);
        return List.of(
                new Probe("with NUL", valid.substring(0, 1) + "\u0000" + valid.substring(2), false),
                new Probe("with a lone high surrogate", valid.substring(0, 1) + "\uD83D" + valid.substring(2), false),
                new Probe("with a lone low surrogate", valid.substring(0, 1) + "\uDE00" + valid.substring(2), false));
    }

    private String ascii(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Letters of several scripts and emoji (two UTF-16 units each), exactly {@code length} units long. */
    private String mixed(int length) {
        StringBuilder text = new StringBuilder("x");
        while (text.length() < length) {
            if (length - text.length() >= 2 && random.nextInt(4) == 0) {
                text.append(EMOJI);
            } else {
                text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
        }
        return text.toString();
    }

    private String letters(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append("абвгдежзик".charAt(random.nextInt(10)));
        }
        return text.toString();
    }

    private String digits(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(random.nextInt(10));
        }
        return text.toString();
    }

    private String domain(int length) {
        StringBuilder domain = new StringBuilder();
        while (domain.length() < length - 4) {
            int label = Math.min(60, length - 4 - domain.length());
            domain.append(ascii(Math.max(1, label - 1)).toLowerCase()).append('.');
        }
        domain.append("com");
        while (domain.length() < length) {
            domain.insert(0, 'a');
        }
        return domain.toString();
    }

    // ---- sending each body and reading it back

    private void check(Api api, Row row, Probe probe) {
        Outcome outcome = switch (row.body()) {
            case "Registration" -> registration(api, row.field(), probe.value());
            case "ProfileDetails" -> profileChange(api, row.field(), probe.value());
            case "PasswordChange" -> passwordChange(api, row.field(), probe.value());
            case "LoginRequest" -> login(api, row.field(), probe.value());
            case "RefreshRequest" -> refresh(api, probe.value());
            case "Erasure" -> erasure(api, probe.value());
            case "AmountRequest" -> deposit(api, probe.value());
            case "OrderRequest" -> order(api, row.field(), probe.value());
            case "ApplicationRequest", "VehicleData", "DriverData" -> application(api, row.field(), probe.value());
            case "DocumentRequest" -> document(api, row.field(), probe.value());
            case "RelativeRequest" -> relative(api, row.field(), probe.value());
            case "StartRequest" -> startChat(api, probe.value());
            case "MessageRequest" -> message(api, row.field(), probe.value());
            case "Eviction" -> eviction(api, probe.value());
            case "ReadRequest" -> readMark(api, probe.value());
            case "SignUp" -> legacySignUp(api, row.field(), probe.value());
            case "SignIn" -> legacySignIn(api, row.field(), probe.value());
            case "CreateChat" -> legacyChat(api, probe.value());
            default -> throw new IllegalStateException("no request for " + row.body());
        };
        assertThat(outcome.status()).as("%s: %s", probe.label(), outcome.body()).isLessThan(500);
        if (probe.accepted()) {
            assertThat(outcome.status()).as("%s accepted: %s", probe.label(), outcome.body()).isLessThan(300);
            assertThat(outcome.readBack()).as("read back").allSatisfy(read -> assertThat(read).isEqualTo(probe.value()));
        } else {
            assertThat(outcome.status()).as("%s refused: %s", probe.label(), outcome.body()).isEqualTo(400);
            assertThat(outcome.unchanged()).as("nothing changed").isTrue();
        }
    }

    /** The answer, what every read model holds afterwards, and whether the state before is intact. */
    record Outcome(int status, String body, List<Object> readBack, boolean unchanged) {
        static Outcome of(Api.Response response, List<Object> readBack, boolean unchanged) {
            return new Outcome(response.status(), response.body(), readBack, unchanged);
        }
    }

    private Outcome registration(Api api, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        String username = "f" + ascii(20);
        body.put("username", username);
        body.put("password", Api.PASSWORD);
        body.put("email", username + "@example.com");
        body.put(field, value);
        Api.Response response = api.post("/api/v1/auth/register", null, json(body));
        for (int retry = 0; response.status() == 409 && field.equals("username") && retry < 10; retry++) {
            // a short name an earlier run took: another one of the same length
            body.put("username", ascii(String.valueOf(value).length()));
            response = api.post("/api/v1/auth/register", null, json(body));
        }
        String name = String.valueOf(body.get("username"));
        String password = String.valueOf(body.get("password"));
        if (response.status() != 201) {
            // not registered: the name is still free
            boolean free = field.equals("username") || api.register(name, Api.PASSWORD).status() == 201;
            return Outcome.of(response, List.of(), free);
        }
        String token = api.token(name, password);
        if (field.equals("password")) {
            return Outcome.of(response, List.of(value), true); // logging in with it worked
        }
        String read = api.get("/api/v1/profile", token).json().get(field).asString();
        return Outcome.of(response, List.of(field.equals("username") && read.equals(name) ? value : read), true);
    }

    private Outcome profileChange(Api api, String field, Object value) {
        Api.User user = api.newUser();
        String before = api.get("/api/v1/profile", user.token()).body();
        Api.Response response = api.put("/api/v1/profile", user.token(), json(Map.of(field, value)));
        Api.Response after = api.get("/api/v1/profile", user.token());
        return Outcome.of(response, List.of(after.json().get(field).asString()), after.body().equals(before));
    }

    private Outcome passwordChange(Api api, String field, Object value) {
        Api.User user = api.newUser();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oldPassword", Api.PASSWORD);
        body.put("newPassword", "another-good-password");
        body.put(field, value);
        Api.Response response = api.post("/api/v1/auth/password", user.token(), json(body));
        if (field.equals("oldPassword")) {
            // the old password is only compared: a value within the limits is simply wrong (403)
            return new Outcome(response.status() == 403 ? 204 : response.status(), response.body(), List.of(value),
                    api.login(user.username(), Api.PASSWORD).status() == 200);
        }
        boolean newWorks = response.status() == 204 && api.login(user.username(), (String) value).status() == 200;
        return Outcome.of(response, newWorks ? List.of(value) : List.of(), api.login(user.username(), Api.PASSWORD).status() == 200);
    }

    private Outcome login(Api api, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", "nobody" + ascii(8));
        body.put("password", Api.PASSWORD);
        body.put(field, value);
        Api.Response response = api.post("/api/v1/auth/login", null, json(body));
        // within the limits: an unknown user, refused as bad credentials, not as bad input
        return new Outcome(response.status() == 401 ? 200 : response.status(), response.body(), List.of(value), true);
    }

    private Outcome refresh(Api api, Object value) {
        Api.Response response = api.post("/api/v1/auth/refresh", null, json(Map.of("refreshToken", value)));
        // within the limits: a token never issued, refused as such, not as bad input
        return new Outcome(response.status() == 401 ? 200 : response.status(), response.body(), List.of(value), true);
    }

    private Outcome erasure(Api api, Object value) {
        Api.User user = api.newUser();
        Api.Response response = api.post("/api/v1/profile/erasure", user.token(), json(Map.of("password", value)));
        // within the limits: a wrong password (403), and the user is still there
        return new Outcome(response.status() == 403 ? 204 : response.status(), response.body(), List.of(value),
                api.get("/api/v1/profile", user.token()).status() == 200);
    }

    private Outcome deposit(Api api, Object value) {
        Api.User user = api.newUser();
        Api.Response response = api.post("/api/v1/accounts/me/deposits", user.token(), "{\"amount\": " + value + "}");
        BigDecimal balance = api.get("/api/v1/accounts/me", user.token()).json().get("balance").decimalValue();
        return Outcome.of(response, List.of(normalized(balance, value)), balance.signum() == 0);
    }

    private Outcome order(Api api, String field, Object value) {
        Api.User user = api.newUser();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("price", new BigDecimal("1.00"));
        body.put("description", "an order");
        body.put(field, value);
        Api.Response response = api.post("/api/v1/orders", user.token(), json(body));
        JsonNode orders = api.get("/api/v1/orders", user.token()).json();
        if (response.status() != 201) {
            return Outcome.of(response, List.of(), orders.isEmpty());
        }
        JsonNode stored = api.get("/api/v1/orders/" + response.json().get("orderId").asString(), user.token()).json();
        Object read = field.equals("price") ? normalized(stored.get("price").decimalValue(), value) : stored.get("description").asString();
        return Outcome.of(response, List.of(read), true);
    }

    private Outcome application(Api api, String field, Object value) {
        Api.User user = api.newUser();
        Map<String, Object> vehicle = new LinkedHashMap<>(Map.of("vin", "1HGCM82633A004352", "make", "Lada", "model", "Vesta",
                "year", 2020, "enginePowerHp", 106));
        Map<String, Object> driver = new LinkedHashMap<>(Map.of("fullName", "Ivan Petrov", "birthDate", "1990-05-01",
                "licenseNumber", "7712345678", "licenseIssuedAt", "2010-06-01"));
        Map<String, Object> body = new LinkedHashMap<>(Map.of("vehicle", vehicle, "driver", driver, "region", "Moscow"));
        if (field.equals("licenseIssuedAt") || field.equals("birthDate")) {
            driver.put("licenseIssuedAt", LocalDate.now().toString());
            driver.put("birthDate", "1990-05-01");
        }
        (vehicle.containsKey(field) ? vehicle : driver.containsKey(field) ? driver : body).put(field, value);
        String key = UUID.randomUUID().toString();
        Api.Response response = api.post("/api/v1/insurance/applications", user.token(), "application/json", json(body), key);
        // the details live in the event and the insurers' requests, in no read model
        UUID applicationId = ApplicationIds.forIdempotencyKey(user.userId(), key);
        return new Outcome(response.status(), response.body(), List.of(value),
                api.get("/api/v1/insurance/applications/" + applicationId, user.token()).status() == 404);
    }

    private Outcome document(Api api, String field, Object value) {
        Api.User user = api.newUser();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("type", "PASSPORT", "number", "4510123456",
                "issuedAt", "2015-01-01", "expiresAt", "2035-01-01"));
        body.put(field, value);
        Api.Response response = api.post("/api/v1/profile/documents", user.token(), json(body));
        JsonNode kept = api.get("/api/v1/profile/documents", user.token()).json();
        return Outcome.of(response, kept.isEmpty() ? List.of() : List.of(kept.get(0).get(field).asString()), kept.isEmpty());
    }

    private Outcome relative(Api api, String field, Object value) {
        Api.User user = api.newUser();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("relation", "CHILD", "fullName", "Olga Petrova",
                "birthDate", "1990-05-01", "licenseNumber", "7712345678", "licenseIssuedAt", "2010-06-01"));
        if (field.equals("birthDate")) {
            body.remove("licenseNumber");
            body.remove("licenseIssuedAt");
        }
        body.put(field, value);
        Api.Response response = api.post("/api/v1/profile/relatives", user.token(), json(body));
        JsonNode kept = api.get("/api/v1/profile/relatives", user.token()).json();
        return Outcome.of(response, kept.isEmpty() ? List.of() : List.of(kept.get(0).get(field).asString()), kept.isEmpty());
    }

    private Outcome readMark(Api api, Object value) {
        Api.User reader = api.newUser();
        Api.User sender = api.newUser();
        String chatId = api.post("/api/v1/chats", sender.token(), json(Map.of("companionId", reader.userId()))).json()
                .get("chatId").asString();
        api.post("/api/v1/chats/" + chatId + "/messages", sender.token(), json(Map.of("text", "unread")));
        // the list counts the message first, so that "unchanged" below means the mark changed nothing
        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.get("/api/v1/chats", reader.token()).json().get(0).get("unread").asInt() == 1);
        Api.Response response = api.post("/api/v1/chats/" + chatId + "/read", reader.token(), json(Map.of("upTo", value)));
        return Outcome.of(response, List.of(), api.get("/api/v1/chats", reader.token()).json().get(0).get("unread").asInt() == 1);
    }

    /** The old messenger's sign-up: what it keeps reads back from the profile of its sign-in. */
    private Outcome legacySignUp(Api api, String field, Object value) {
        String email = "legacy-" + ascii(16) + "@example.com";
        Map<String, Object> defaults = Map.of("email", email, "password", Api.PASSWORD, "name", "Ivan",
                "surname", "Petrov", "birthday", "1990-04-12", "sex", "male", "city", "Moscow", "interests", List.of("chess"));
        Map<String, Object> body = new LinkedHashMap<>(defaults);
        body.put(field, value);
        Api.Response response = legacy(api, "POST", "/auth/sign-up", null, json(body));
        String signInEmail = String.valueOf(body.get("email"));
        if (response.status() != 201) {
            // not registered: the email is still free
            return Outcome.of(response, List.of(), legacy(api, "POST", "/auth/sign-up", null, json(defaults)).status() == 201);
        }
        Api.Response signedIn = legacy(api, "POST", "/auth/sign-in", null,
                json(Map.of("email", signInEmail, "password", String.valueOf(body.get("password")))));
        if (field.equals("password")) {
            return Outcome.of(response, signedIn.status() == 200 ? List.of(value) : List.of(), true);
        }
        JsonNode profile = api.get("/api/v1/profile", signedIn.json().get("access_token").asString()).json();
        String property = Map.of("name", "firstName", "surname", "lastName").getOrDefault(field, field);
        List<String> items = new ArrayList<>();
        profile.get(property).forEach(item -> items.add(item.asString()));
        Object read = field.equals("interests") ? items : profile.get(property).asString();
        return Outcome.of(response, List.of(read), true);
    }

    private Outcome legacySignIn(Api api, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("email", "nobody-" + ascii(8) + "@example.com", "password", Api.PASSWORD));
        body.put(field, value);
        Api.Response response = legacy(api, "POST", "/auth/sign-in", null, json(body));
        // within the limits: an unknown email, refused as bad credentials, not as bad input
        return new Outcome(response.status() == 401 ? 200 : response.status(), response.body(), List.of(value), true);
    }

    private Outcome legacyChat(Api api, Object value) {
        Api.User user = api.newUser();
        Api.Response response = legacy(api, "POST", "/messenger/create-chat", user.token(), json(Map.of("companion_id", value)));
        return Outcome.of(response, List.of(), api.get("/api/v1/chats", user.token()).json().isEmpty());
    }

    /** As the old messenger's clients send it: the token as the whole Authorization header. */
    private static Api.Response legacy(Api api, String method, String path, String token, String body) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json", "X-Forwarded-For", Api.randomAddress()));
        if (token != null) {
            headers.put("Authorization", token);
        }
        return api.raw(method, path, headers, body);
    }

    private Outcome startChat(Api api, Object value) {
        Api.User user = api.newUser();
        Api.Response response = api.post("/api/v1/chats", user.token(), json(Map.of("companionId", value)));
        return Outcome.of(response, List.of(), api.get("/api/v1/chats", user.token()).json().isEmpty());
    }

    private Outcome message(Api api, String field, Object value) {
        Api.User sender = api.newUser();
        Api.User companion = api.newUser();
        String chatId = api.post("/api/v1/chats", sender.token(), json(Map.of("companionId", companion.userId()))).json()
                .get("chatId").asString();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("text", "hello", "clientMessageId", "m-" + ascii(8)));
        body.put(field, value);
        Api.Response response = api.post("/api/v1/chats/" + chatId + "/messages", sender.token(), json(body));
        List<Object> read = new ArrayList<>();
        JsonNode v1 = api.get("/api/v1/chats/" + chatId + "/messages?limit=10", sender.token()).json();
        JsonNode v2 = api.get("/api/v2/chats/" + chatId + "/messages?limit=10", sender.token()).json().get("messages");
        if (response.status() == 202) {
            Function<JsonNode, Object> text = page -> StreamSupport.stream(page.spliterator(), false).findFirst()
                    .map(message -> field.equals("text") ? (Object) message.get("text").asString() : value).orElse(null);
            read.add(text.apply(v1));
            read.add(text.apply(v2));
        }
        return Outcome.of(response, read, v1.isEmpty() && v2.isEmpty());
    }

    private Outcome eviction(Api api, Object value) {
        Api.Response response = api.post("/api/v1/admin/dead-letters/" + UUID.randomUUID() + "/evict", api.adminToken(),
                json(Map.of("reason", value)));
        // within the limits the reason is valid; the letter is unknown (404)
        return new Outcome(response.status() == 404 ? 204 : response.status(), response.body(), List.of(value), true);
    }

    /** An amount read back in the form it was sent, for comparing. */
    private static Object normalized(BigDecimal read, Object sent) {
        return sent instanceof BigDecimal amount && read.compareTo(amount) == 0 ? amount : read;
    }

    /** JSON with every control character and surrogate escaped, so that lone surrogates travel as sent. */
    private static String json(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(FieldLimitsIT::json).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> json(String.valueOf(entry.getKey())) + ": " + json(entry.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Number || value == null) {
            return String.valueOf(value instanceof BigDecimal amount ? amount.toString() : value);
        }
        StringBuilder json = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
