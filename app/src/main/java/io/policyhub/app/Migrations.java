package io.policyhub.app;

import io.policyhub.platform.clickhouse.ClickHouseConnections;
import io.policyhub.projections.chats.ChatHistorySchema;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code policyhub.migrate-only=true} (e.g. POLICYHUB_MIGRATE_ONLY=true): the one-shot that runs
 * before the services of a deployment start. It applies the Flyway migrations to PostgreSQL and
 * creates the ClickHouse tables on every node, then exits: 0 when both succeeded. Nothing else
 * starts (no Axon, no web server), so it needs only the databases.
 */
@Configuration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@Import({ClickHouseConnections.class, ChatHistorySchema.class})
class Migrations {

    static boolean requested(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return environment.getProperty("policyhub.migrate-only", Boolean.class, false);
    }

    static int run(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Migrations.class)
                .web(WebApplicationType.NONE)
                .run(args);
        return SpringApplication.exit(context);
    }

    /** Flyway ran while the context started; the ClickHouse schema must be there too, or the run fails. */
    @Bean
    ApplicationRunner createClickHouseSchema(ChatHistorySchema schema) {
        return arguments -> schema.ensure();
    }
}
