package io.policyhub.app;

import io.policyhub.command.CommandRole;
import io.policyhub.messenger.MessengerRole;
import io.policyhub.projections.ProjectionsRole;
import io.policyhub.query.QueryRole;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Assembles the roles (command, projections, query, messenger) into one deployable application.
 * Every role is on by default (one JVM); {@code policyhub.roles.<role>=false} switches one off, so
 * the same jar runs as four services. {@code policyhub.migrate-only=true} migrates the schemas and exits.
 */
@SpringBootApplication(scanBasePackages = {"io.policyhub.app", "io.policyhub.platform"})
@ConfigurationPropertiesScan("io.policyhub")
@Import({CommandRole.class, ProjectionsRole.class, QueryRole.class, MessengerRole.class})
public class PolicyHubApplication {

    /** Tomcat sizes each WebSocket's I/O buffers from it (8 KiB each by default), and every idle socket holds them. */
    private static final String WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    public static void main(String[] args) {
        // before Tomcat reads it; -D on the command line still wins (decision 29)
        System.setProperty(WEBSOCKET_BUFFER, System.getProperty(WEBSOCKET_BUFFER, "2048"));
        if (Migrations.requested(args)) {
            System.exit(Migrations.run(args));
        }
        SpringApplication.run(PolicyHubApplication.class, args);
    }
}
