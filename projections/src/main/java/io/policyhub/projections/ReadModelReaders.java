package io.policyhub.projections;

import io.policyhub.projections.insurance.ApplicationReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The readers of the read models, for every role that reads them: the projections role scans this
 * configuration, the query role imports it (it runs without the projections role); Spring
 * registers it once when both are on.
 */
@Configuration
public class ReadModelReaders {

    @Bean
    ApplicationReader applicationReader(JdbcTemplate jdbc) {
        return new ApplicationReader(jdbc);
    }
}
