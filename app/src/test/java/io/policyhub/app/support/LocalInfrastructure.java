package io.policyhub.app.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops, kills and starts the real local servers (scripts/infra.sh) for the degradation and crash
 * tests: the shared ones, or a PostgreSQL of a test's own ({@link #ownPostgres}).
 */
public final class LocalInfrastructure {

    private static final Path SCRIPT = Path.of("..", "scripts", "infra.sh").toAbsolutePath().normalize();

    private final Map<String, String> environment;

    private LocalInfrastructure(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A PostgreSQL server of its own on {@code port}, with its data under {@code target/<name>}. */
    public static LocalInfrastructure ownPostgres(String name, int port) {
        return new LocalInfrastructure(Map.of("POLICYHUB_LOCAL_DIR", Path.of("target", name).toAbsolutePath().toString(),
                "POLICYHUB_PG_PORT", Integer.toString(port)));
    }

    /** @param service {@code redis} or {@code clickhouse} of the shared infrastructure */
    public static void stop(String service) {
        new LocalInfrastructure(Map.of()).run("stop", service);
    }

    public static void start(String service) {
        new LocalInfrastructure(Map.of()).run("start", service);
    }

    /** {@code infra.sh <command> <service>}, e.g. {@code kill postgres}. */
    public void run(String command, String service) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command, service).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("infra.sh " + command + " " + service + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
