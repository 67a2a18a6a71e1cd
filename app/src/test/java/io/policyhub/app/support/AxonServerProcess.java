package io.policyhub.app.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An Axon Server of a test's own, from the jar named by {@code AXONSERVER_JAR}, with an empty
 * event store: tests that run several application processes must not share Axon Server with the
 * shared test context, or it would route their commands and queries to each other.
 */
public final class AxonServerProcess implements AutoCloseable {

    private final Path dir;
    private final int grpcPort;
    private Process process;

    private AxonServerProcess(Path dir, int grpcPort) {
        this.dir = dir;
        this.grpcPort = grpcPort;
    }

    /** Starts a fresh Axon Server on 127.0.0.1 (gRPC on {@code grpcPort}, HTTP on {@code httpPort}); ready when returned. */
    public static AxonServerProcess start(String name, int httpPort, int grpcPort) throws IOException, InterruptedException {
        String jar = System.getenv("AXONSERVER_JAR");
        if (jar == null || jar.isBlank() || !new File(jar).canRead()) {
            throw new IllegalStateException("AXONSERVER_JAR must name the Axon Server jar for " + name);
        }
        Path dir = Path.of("target", name).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("axonserver.properties"), String.join("\n",
                "axoniq.axonserver.standalone=true",
                "axoniq.axonserver.hostname=localhost",
                "server.address=127.0.0.1",
                "server.port=" + httpPort,
                "axoniq.axonserver.port=" + grpcPort,
                "axoniq.axonserver.event.storage=" + dir.resolve("events"),
                "axoniq.axonserver.snapshot.storage=" + dir.resolve("events"),
                "axoniq.axonserver.controldb-path=" + dir.resolve("data"),
                "axoniq.axonserver.pid-file-location=" + dir.resolve("data")) + "\n");
        AxonServerProcess server = new AxonServerProcess(dir, grpcPort);
        server.launch();
        return server;
    }

    /** SIGKILL: no shutdown, nothing flushed beyond what the server had made durable. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts the killed server again on its data; ready when returned. */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        File log = dir.resolve("axonserver.log").toFile();
        long logged = log.length();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", new File(System.getenv("AXONSERVER_JAR")).getAbsolutePath())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        process = builder.start();
        String ready = "Gateway started on port: " + grpcPort;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.readString(log.toPath(), StandardCharsets.UTF_8).substring((int) logged).contains(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Axon Server did not start; see " + log);
            }
            Thread.sleep(100);
        }
    }

    public String address() {
        return "localhost:" + grpcPort;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Recreates a PostgreSQL database of the local infrastructure, so its tokens start with the fresh event store. */
    public static void recreateDatabase(String database) {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:15432/postgres", "policyhub", "policyhub"));
        jdbc.execute("drop database if exists " + database + " with (force)");
        jdbc.execute("create database " + database);
    }
}
