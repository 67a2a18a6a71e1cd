package io.policyhub.command.insurance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.RecordQuote;
import io.policyhub.api.insurance.RecordQuoteAttemptFailure;
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

    /** Task data; the details travel as JSON because db-scheduler stores task data Java-serialized. */
    record QuoteJob(UUID applicationId, String insurer, String detailsJson) implements Serializable {

        String instanceId() {
            return applicationId + ":" + insurer;
        }
    }

    @Bean
    OneTimeTask<QuoteJob> insurerQuoteTask(InsurerGateway insurers, CommandGateway commandGateway,
                                           InsuranceSettings settings, JsonMapper json) {
        FailureHandler<QuoteJob> retry = new FailureHandler.MaxRetriesFailureHandler<>(settings.maxAttempts() - 1,
                new FailureHandler.ExponentialBackoffFailureHandler<>(settings.retryBackoff(), 2.0));
        return Tasks.oneTime(TASK, QuoteJob.class)
                .onFailure(retry)
                .execute((instance, context) -> {
                    QuoteJob job = instance.getData();
                    int attempt = context.getExecution().consecutiveFailures + 1;
                    try {
                        BigDecimal premium = insurers.quote(job.insurer(), job.applicationId(), attempt,
                                json.readValue(job.detailsJson(), ApplicationDetails.class));
                        commandGateway.sendAndWait(new RecordQuote(job.applicationId(), job.insurer(), premium, attempt));
                    } catch (InsurerGateway.QuoteUnavailable failure) {
                        boolean last = attempt >= settings.maxAttempts();
                        commandGateway.sendAndWait(new RecordQuoteAttemptFailure(job.applicationId(), job.insurer(),
                                attempt, failure.getMessage(), last));
                        if (!last) {
                            throw failure; // db-scheduler retries after the backoff
                        }
                    }
                });
    }

    static TaskInstance<QuoteJob> instance(OneTimeTask<QuoteJob> task, QuoteJob job) {
        return task.instance(job.instanceId(), job);
    }
}
