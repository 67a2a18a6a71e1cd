package io.policyhub.app.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops and starts the real local servers (scripts/infra.sh) for the degradation tests. */
public final class LocalInfrastructure {

    private static final Path SCRIPT = Path.of("..", "scripts", "infra.sh").toAbsolutePath().normalize();

    private LocalInfrastructure() {
    }

    /** @param service {@code redis} or {@code clickhouse} */
    public static void stop(String service) {
        run("stop", service);
    }

    public static void start(String service) {
        run("start", service);
    }

    private static void run(String command, String service) {
        try {
            Process process = new ProcessBuilder("bash", SCRIPT.toString(), command, service).redirectErrorStream(true).start();
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
