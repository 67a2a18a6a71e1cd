package io.policyhub.app.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged application (target/policyhub.jar) as a process of its own, ready when returned. */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final File log;

    private AppProcess(Process process, File log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar target/policyhub.jar --server.port=<port> <arguments>} and waits until it is ready. */
    public static AppProcess start(String name, int port, List<String> arguments) throws IOException, InterruptedException {
        File log = Path.of("target", name + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", Path.of("target", "policyhub.jar").toString(),
                "--server.port=" + port));
        command.addAll(arguments);
        AppProcess app = new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start(), log);
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return app;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            if (!app.process.isAlive() || System.nanoTime() > deadline) {
                app.process.destroyForcibly();
                throw new IllegalStateException("The application did not start; see " + log);
            }
            Thread.sleep(250);
        }
    }

    /** SIGKILL: no shutdown hooks, no released claims, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * SIGTERM, as a deployment stops an instance: it releases its segment claims, so an instance
     * sharing its database (the shared test context) takes the segments over at once instead of
     * after the claim timeout. SIGKILL if it has not stopped within 30 s.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
