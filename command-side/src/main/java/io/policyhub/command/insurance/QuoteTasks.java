package io.policyhub.command.insurance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.RecordQuote;
import io.policyhub.api.insurance.RecordQuoteAttemptFailure;
import io.policyhub.platform.observability.RequestIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * One persistent task per (application, insurer) in db-scheduler's PostgreSQL table. The
 * scheduler's thread pool runs them in parallel; a failed attempt is retried with exponential
 * backoff up to the configured attempts; a task whose worker died (crash, kill -9) stops sending
 * heartbeats and is revived on any instance. Every outcome is reported to the application aggregate,
 * which keeps the first answer per insurer, so a revived task never quotes an insurer twice.
 */
@Configuration
class QuoteTasks {

    static final String TASK = "insurer-quote";

    /**
     * Task data; the details travel as JSON because db-scheduler stores task data Java-serialized.
     * {@code requestId} (null in tasks stored before it existed) follows the call into the logs, the
     * insurer's request and the outcome's command. {@code busyPasses}: runs that found the insurer's
     * bulkhead full; they wait and run again without spending an attempt.
     */
    record QuoteJob(UUID applicationId, String insurer, String detailsJson, String requestId, int busyPasses)
            implements Serializable {

        QuoteJob(UUID applicationId, String insurer, String detailsJson, String requestId) {
            this(applicationId, insurer, detailsJson, requestId, 0);
        }

        String instanceId() {
            return applicationId + ":" + insurer;
        }

        /** The attempt a run is: db-scheduler counts every failed run, busy passes included. */
        int attempt(Execution execution) {
            return execution.consecutiveFailures + 1 - busyPasses;
        }

        QuoteJob afterBusyPass() {
            return new QuoteJob(applicationId, insurer, detailsJson, requestId, busyPasses + 1);
        }
    }

    /** After this many busy passes the insurer counts as failing this attempt after all. */
    static final int MAX_BUSY_PASSES = 30;

    @Bean
    OneTimeTask<QuoteJob> insurerQuoteTask(InsurerGateway insurers, CommandGateway commandGateway,
                                           InsuranceSettings settings, JsonMapper json) {
        return Tasks.oneTime(TASK, QuoteJob.class)
                .onFailure(retries(settings))
                .execute((instance, context) -> {
                    QuoteJob job = instance.getData();
                    int attempt = job.attempt(context.getExecution());
                    try (RequestIds.Scope ignored = RequestIds.open(job.requestId())) {
                        BigDecimal premium = insurers.quote(job.insurer(), job.applicationId(), attempt,
                                json.readValue(job.detailsJson(), ApplicationDetails.class));
                        commandGateway.sendAndWait(new RecordQuote(job.applicationId(), job.insurer(), premium, attempt));
                    } catch (InsurerGateway.InsurerBusy busy) {
                        if (job.busyPasses() < MAX_BUSY_PASSES) {
                            throw busy; // runs again shortly, as the same attempt
                        }
                        recordFailure(commandGateway, settings, job, attempt, busy);
                    } catch (InsurerGateway.QuoteUnavailable failure) {
                        recordFailure(commandGateway, settings, job, attempt, failure);
                    }
                });
    }

    private static void recordFailure(CommandGateway commandGateway, InsuranceSettings settings, QuoteJob job, int attempt,
                                      InsurerGateway.QuoteUnavailable failure) {
        boolean last = attempt >= settings.maxAttempts();
        commandGateway.sendAndWait(new RecordQuoteAttemptFailure(job.applicationId(), job.insurer(),
                attempt, failure.getMessage(), last));
        if (!last) {
            throw failure; // db-scheduler retries after the backoff
        }
    }

    /**
     * A busy insurer: the same attempt again after the first backoff. A failed attempt: the next one
     * after the backoff, doubled per attempt, until the attempts are spent.
     */
    private static FailureHandler<QuoteJob> retries(InsuranceSettings settings) {
        return (complete, operations) -> {
            Execution execution = complete.getExecution();
            QuoteJob job = (QuoteJob) execution.taskInstance.getData();
            int attempt = job.attempt(execution);
            if (complete.getCause().orElse(null) instanceof InsurerGateway.InsurerBusy && job.busyPasses() < MAX_BUSY_PASSES) {
                operations.reschedule(complete, complete.getTimeDone().plus(settings.retryBackoff()), job.afterBusyPass());
            } else if (attempt >= settings.maxAttempts()) {
                operations.stop();
            } else {
                Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
                operations.reschedule(complete, complete.getTimeDone().plus(backoff));
            }
        };
    }

    static TaskInstance<QuoteJob> instance(OneTimeTask<QuoteJob> task, QuoteJob job) {
        return task.instance(job.instanceId(), job);
    }
}
