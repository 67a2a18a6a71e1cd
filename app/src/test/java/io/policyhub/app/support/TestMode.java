package io.policyhub.app.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The event store the integration tests run against. Failsafe runs every integration test twice:
 * once on the local PostgreSQL event store and once with {@code -Dpolicyhub.it.mode=axonserver}
 * against the Axon Server named by {@code AXONSERVER_SERVERS} (scripts/infra.sh starts one from
 * {@code AXONSERVER_JAR} on 127.0.0.1:18224). Same tests, same assertions.
 */
public enum TestMode {
    LOCAL, AXONSERVER;

    public static TestMode current() {
        return "axonserver".equalsIgnoreCase(System.getProperty("policyhub.it.mode", "local")) ? AXONSERVER : LOCAL;
    }

    public static boolean axonServer() {
        return current() == AXONSERVER;
    }

    /** host:port of the Axon Server the shared test context uses. */
    public static String axonServerAddress() {
        String servers = System.getenv("AXONSERVER_SERVERS");
        return servers == null || servers.isBlank() ? "localhost:18224" : servers.split(",")[0].trim();
    }

    /** The Spring profiles of the shared test context in this mode. */
    public List<String> profiles() {
        return this == AXONSERVER ? List.of("local", "it", "axonserver", "it-axonserver") : List.of("local", "it");
    }

    /** A database name of this mode's own: the Axon Server mode's tokens must not meet the local event store's positions. */
    public String database(String base) {
        return this == AXONSERVER ? base + "_axon" : base;
    }

    /** Command-line arguments that put a packaged application into this mode against the given Axon Server. */
    public List<String> appArguments(String axonServerAddress) {
        List<String> arguments = new ArrayList<>();
        if (this == AXONSERVER) {
            arguments.add("--spring.profiles.active=local,axonserver");
            arguments.add("--axon.axonserver.servers=" + axonServerAddress);
        } else {
            arguments.add("--spring.profiles.active=local");
        }
        return arguments;
    }

    static boolean reachable(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        int port = colon < 0 ? 8124 : Integer.parseInt(address.substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
