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

    public static void main(String[] args) {
        if (Migrations.requested(args)) {
            System.exit(Migrations.run(args));
        }
        SpringApplication.run(PolicyHubApplication.class, args);
    }
}
