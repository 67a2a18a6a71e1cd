package io.policyhub.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Assembles every role (command, projections, query, messenger) into one deployable application. */
@SpringBootApplication(scanBasePackages = "io.policyhub")
public class PolicyHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(PolicyHubApplication.class, args);
    }
}
