package io.policyhub.command.insurance;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.platform.observability.RequestIds;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fans a submitted application out: one quote task per insurer, all due at once. Scheduling is
 * idempotent per (application, insurer), so a redelivered event starts nothing twice.
 */
@Component
@ProcessingGroup("quote-dispatch")
class QuoteDispatcher {

    private final SchedulerClient scheduler;
    private final OneTimeTask<QuoteTasks.QuoteJob> quoteTask;
    private final JsonMapper json;

    QuoteDispatcher(SchedulerClient scheduler, OneTimeTask<QuoteTasks.QuoteJob> quoteTask, JsonMapper json) {
        this.scheduler = scheduler;
        this.quoteTask = quoteTask;
        this.json = json;
    }

    @EventHandler
    @DisallowReplay
    void on(ApplicationSubmitted event, @MetaDataValue(RequestIds.KEY) String requestId) {
        String details = json.writeValueAsString(event.details());
        for (String insurer : event.insurers()) {
            QuoteTasks.QuoteJob job = new QuoteTasks.QuoteJob(event.applicationId(), insurer, details, requestId);
            scheduler.scheduleIfNotExists(QuoteTasks.instance(quoteTask, job), Instant.now());
        }
    }
}
