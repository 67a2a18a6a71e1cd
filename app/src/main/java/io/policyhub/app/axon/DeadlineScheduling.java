package io.policyhub.app.axon;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Persistent deadlines and tasks: db-scheduler keeps them in PostgreSQL ({@code scheduled_tasks}), so a
 * deadline scheduled before a crash still fires after the restart, on any instance. Axon's
 * db-scheduler auto-configuration sees this scheduler, contributes its deadline and event tasks
 * and builds the DbSchedulerDeadlineManager. Other modules contribute tasks as beans too.
 */
@Configuration
class DeadlineScheduling {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    /**
     * Axon's auto-configuration leaves starting to the application: start once everything is wired.
     * Only the command role runs deadlines and insurer calls; other roles must not pick its tasks up.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        if (ready.getApplicationContext().getEnvironment().getProperty("policyhub.roles.command", Boolean.class, true)) {
            ready.getApplicationContext().getBean(Scheduler.class).start();
        }
    }

    /**
     * The backlog: tasks due but not picked (deadlines, insurer calls, retries), and how long the
     * oldest of them has waited. Read at scrape time from the table every instance shares.
     */
    @Bean
    MeterBinder schedulerBacklog(JdbcTemplate jdbc) {
        return registry -> {
            Gauge.builder("policyhub.scheduler.due", () -> jdbc.queryForObject(
                            "select count(*) from scheduled_tasks where not picked and execution_time <= now()", Long.class))
                    .description("Scheduled tasks due and not yet picked by any instance")
                    .register(registry);
            Gauge.builder("policyhub.scheduler.oldest.due.seconds", () -> jdbc.queryForObject("""
                            select coalesce(extract(epoch from now() - min(execution_time)), 0) from scheduled_tasks
                            where not picked and execution_time <= now()""", Double.class))
                    .description("How long the oldest due task has waited for a thread")
                    .register(registry);
        };
    }

    @Bean(destroyMethod = "stop")
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${policyhub.scheduler.threads:24}") int threads,
                                @Value("${policyhub.scheduler.polling-interval:500ms}") Duration pollingInterval,
                                @Value("${policyhub.scheduler.heartbeat-interval:15s}") Duration heartbeatInterval) {
        return Scheduler.create(dataSource, tasks)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeatInterval)
                // a call hanging at shutdown is abandoned; its heartbeat stops and another worker revives it
                .shutdownMaxWait(SHUTDOWN_WAIT)
                .enableImmediateExecution()
                .build();
    }
}
