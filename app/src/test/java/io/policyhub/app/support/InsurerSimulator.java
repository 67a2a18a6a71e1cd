package io.policyhub.app.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The insurer simulator as its own process, exactly as the application meets insurers in
 * production: over HTTP. Started once per test JVM in deterministic mode on the port the
 * integration-test profile points the insurer adapters at; stopped when the JVM exits.
 */
public final class InsurerSimulator {

    public static final int PORT = 18090;
    /** The insurers the integration-test profile asks. */
    public static final List<String> INSURERS = List.of("alfa", "ingos", "reso", "rgs", "sogaz");
    /** A valid OSAGO application body. */
    public static final String APPLICATION = """
            {"vehicle": {"vin": "XTA210990Y2766389", "make": "Lada", "model": "Vesta", "year": 2021, "enginePowerHp": 106},
             "driver": {"fullName": "Ivan Petrov", "birthDate": "1985-05-01", "licenseNumber": "7701 123456",
                        "licenseIssuedAt": "2005-06-01"},
             "region": "Moscow"}""";
    private static final Path JAR = Path.of("..", "insurer-simulator", "target", "insurer-simulator.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Process process;

    private InsurerSimulator() {
    }

    public static synchronized void ensureRunning() throws IOException, InterruptedException {
        if (healthy()) {
            return;
        }
        File log = Path.of("target", "insurer-simulator.log").toFile();
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", JAR.toString(), "--server.port=" + PORT, "--simulator.deterministic=true",
                "--simulator.hang-duration=30s")
                .redirectErrorStream(true).redirectOutput(log).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The insurer simulator did not start; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /**
     * A test class's extension: the simulator runs, and every test starts with every insurer answering
     * in 20 ms and every insurer's circuit closed (a test that fails an insurer on purpose may have
     * opened it).
     */
    public static final class Prompt implements BeforeAllCallback, BeforeEachCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            ensureRunning();
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            reset();
            INSURERS.forEach(insurer -> behave(insurer, "{\"latencyMs\": 20, \"failFirstAttempts\": 0, \"hang\": false}"));
            closeCircuits(SpringExtension.getApplicationContext(context));
        }
    }

    /** Closes every insurer's circuit breaker of the application in that context. */
    public static void closeCircuits(ApplicationContext application) {
        application.getBeanProvider(CircuitBreakerRegistry.class)
                .ifAvailable(breakers -> breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset));
    }

    /** Restores every insurer's configured behaviour and clears the call counters. */
    public static void reset() {
        call("POST", "/reset", "");
    }

    public static void behave(String insurer, String behaviourJson) {
        call("PUT", "/insurers/" + insurer + "/behaviour", behaviourJson);
    }

    public static String calls(String insurer, Object applicationId) {
        return call("GET", "/insurers/" + insurer + "/calls?applicationId=" + applicationId, null);
    }

    private static boolean healthy() {
        try {
            return HTTP.send(request("/health").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String call(String method, String path, String json) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).timeout(Duration.ofSeconds(10));
    }
}
