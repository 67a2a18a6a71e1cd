package io.policyhub.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Assembles every role (command, projections, query, messenger) into one deployable application. */
@SpringBootApplication(scanBasePackages = "io.policyhub")
@ConfigurationPropertiesScan("io.policyhub")
public class PolicyHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(PolicyHubApplication.class, args);
    }
}
