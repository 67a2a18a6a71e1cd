package io.policyhub.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the public API, as an outside client would call it. */
public final class Api {

    public static final String PASSWORD = "correct-horse-battery";
    /** The local operator account (application-local.yml). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "operator-local-only";

    /** Money as BigDecimal: a double would round the amounts the tests compare. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    /** The client address this Api claims, null: a new one per request. */
    private final String clientAddress;

    public Api(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    private Api(String baseUrl, String clientAddress) {
        this.baseUrl = baseUrl;
        this.clientAddress = clientAddress;
    }

    /**
     * The same API called from one client address. The integration tests stand in for the edge
     * (application-it.yml trusts 127.0.0.1), so X-Forwarded-For names the client; an ordinary Api
     * gives each request an address of its own, so no test's login failures count against another's.
     */
    public Api from(String address) {
        return new Api(baseUrl, address);
    }

    /** Registers a user with a unique name and logs in. */
    public User newUser() {
        String username = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Response registered = register(username, PASSWORD);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return new User(UUID.fromString(registered.json().get("userId").asString()), username, token(username, PASSWORD));
    }

    public String adminToken() {
        return token(ADMIN, ADMIN_PASSWORD);
    }

    public Response register(String username, String password) {
        return post("/api/v1/auth/register", null, """
                {"username": "%s", "password": "%s", "email": "%s@example.com"}""".formatted(username, password, username));
    }

    public Response login(String username, String password) {
        return post("/api/v1/auth/login", null, """
                {"username": "%s", "password": "%s"}""".formatted(username, password));
    }

    public String token(String username, String password) {
        Response login = login(username, password);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("accessToken").asString();
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response post(String path, String token, String json) {
        return post(path, token, "application/json", json);
    }

    public Response post(String path, String token, String contentType, String body) {
        return post(path, token, contentType, body, null);
    }

    public Response post(String path, String token, String contentType, String body, String idempotencyKey) {
        HttpRequest.Builder request = request(path, token).header("Content-Type", contentType);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any method, raw path (already encoded), any headers and body: for hostile requests. */
    public Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    public Response raw(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("X-Forwarded-For", clientAddress != null ? clientAddress : randomAddress());
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("X-Request-Id").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows an OSAGO application with long polls until it completes. */
    public JsonNode awaitCompleted(User user, String applicationId, Duration timeout) {
        JsonNode application = get("/api/v1/insurance/applications/" + applicationId, user.token()).json();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!application.get("status").asString().equals("COMPLETED") && System.nanoTime() < deadline) {
            application = get("/api/v1/insurance/applications/" + applicationId + "?since="
                    + application.get("updatedAt").asString(), user.token()).json();
        }
        assertThat(application.get("status").asString()).as("application %s after %s", applicationId, timeout)
                .isEqualTo("COMPLETED");
        return application;
    }

    /** An address of 198.18.0.0/15, the range set aside for tests. */
    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public record User(UUID userId, String username, String token) {
    }

    public record Response(int status, String contentType, String retryAfter, String requestId, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
