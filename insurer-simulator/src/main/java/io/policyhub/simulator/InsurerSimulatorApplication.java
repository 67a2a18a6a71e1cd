package io.policyhub.simulator;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Plays the external OSAGO insurers over HTTP, so the application can be run and tested without them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InsurerSimulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(InsurerSimulatorApplication.class, args);
    }

    /** Delayed answers are scheduled rather than slept, so a hanging quote holds no Tomcat thread. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService answerScheduler() {
        return Executors.newScheduledThreadPool(2);
    }

    /** Driver and vehicle ages are counted from today; tests pin the date. */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
