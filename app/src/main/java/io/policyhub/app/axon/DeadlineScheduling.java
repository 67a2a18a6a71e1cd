package io.policyhub.app.axon;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Persistent deadlines: db-scheduler keeps them in PostgreSQL ({@code scheduled_tasks}), so a
 * deadline scheduled before a crash still fires after the restart, on any instance. Axon's
 * db-scheduler auto-configuration sees this scheduler, contributes its deadline and event tasks
 * and builds the DbSchedulerDeadlineManager, which starts and stops the scheduler with Axon.
 */
@Configuration
class DeadlineScheduling {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${policyhub.deadlines.threads:4}") int threads,
                                @Value("${policyhub.deadlines.polling-interval:500ms}") Duration pollingInterval) {
        return Scheduler.create(dataSource, tasks)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .enableImmediateExecution()
                .build();
    }
}
