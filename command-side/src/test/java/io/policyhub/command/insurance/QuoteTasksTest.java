package io.policyhub.command.insurance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.policyhub.api.insurance.RecordQuote;
import io.policyhub.api.insurance.RecordQuoteAttemptFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** One quote task: the outcome of each attempt is reported; failures before the last are retried. */
class QuoteTasksTest {

    private static final String DETAILS_JSON = """
            {"vehicle": {"vin": "XTA210990Y2766389", "make": "Lada", "model": "Vesta", "year": 2021, "enginePowerHp": 106},
             "driver": {"fullName": "Ivan Petrov", "birthDate": "1985-05-01", "licenseNumber": "7701 123456",
                        "licenseIssuedAt": "2005-06-01"},
             "region": "Moscow"}""";

    private final UUID applicationId = UUID.randomUUID();
    private final InsurerGateway insurers = mock(InsurerGateway.class);
    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private final InsuranceSettings settings = new InsuranceSettings(Map.of("alfa", URI.create("http://127.0.0.1:1/insurers/alfa")),
            Duration.ofSeconds(1), 3, Duration.ofMillis(100), 1, Duration.ofMinutes(1), 2,
            new InsuranceSettings.Breaker(4, 4, 50, Duration.ofSeconds(1)));
    private final OneTimeTask<QuoteTasks.QuoteJob> task =
            new QuoteTasks().insurerQuoteTask(insurers, commandGateway, settings, JsonMapper.builder().build());
    private final TaskInstance<QuoteTasks.QuoteJob> instance = task.instance(applicationId + ":alfa",
            new QuoteTasks.QuoteJob(applicationId, "alfa", DETAILS_JSON, null));

    @Test
    void aQuoteIsRecordedWithItsAttempt() {
        when(insurers.quote(eq("alfa"), eq(applicationId), eq(2), any())).thenReturn(new BigDecimal("9000.00"));

        task.execute(instance, attempt(2));

        verify(commandGateway).sendAndWait(new RecordQuote(applicationId, "alfa", new BigDecimal("9000.00"), 2));
    }

    @Test
    void aFailedAttemptBeforeTheLastIsRecordedAndRethrownForTheRetry() {
        when(insurers.quote(any(), any(), anyInt(), any())).thenThrow(new InsurerGateway.QuoteUnavailable("insurer answered 503"));

        assertThatThrownBy(() -> task.execute(instance, attempt(1))).isInstanceOf(InsurerGateway.QuoteUnavailable.class);

        verify(commandGateway).sendAndWait(new RecordQuoteAttemptFailure(applicationId, "alfa", 1, "insurer answered 503", false));
    }

    @Test
    void theLastFailedAttemptGivesTheInsurerUpWithoutAnotherRetry() {
        when(insurers.quote(any(), any(), anyInt(), any())).thenThrow(new InsurerGateway.QuoteUnavailable("timeout after 1000 ms"));

        assertThatCode(() -> task.execute(instance, attempt(3))).doesNotThrowAnyException();

        verify(commandGateway).sendAndWait(new RecordQuoteAttemptFailure(applicationId, "alfa", 3, "timeout after 1000 ms", true));
    }

    @Test
    void aBusyInsurerIsAskedAgainAsTheSameAttemptWithoutARecordedFailure() {
        when(insurers.quote(any(), any(), anyInt(), any())).thenThrow(new InsurerGateway.InsurerBusy("insurer busy"));
        TaskInstance<QuoteTasks.QuoteJob> busyOnce = task.instance(applicationId + ":alfa",
                new QuoteTasks.QuoteJob(applicationId, "alfa", DETAILS_JSON, null, 1));

        assertThatThrownBy(() -> task.execute(busyOnce, run(busyOnce, 2))).isInstanceOf(InsurerGateway.InsurerBusy.class);

        verify(insurers).quote(eq("alfa"), eq(applicationId), eq(2), any());
        verifyNoInteractions(commandGateway);
        ExecutionOperations<QuoteTasks.QuoteJob> operations = mock();
        Execution execution = run(busyOnce, 2).getExecution();
        Instant done = Instant.now();
        task.getFailureHandler().onFailure(ExecutionComplete.failure(execution, done, done,
                new InsurerGateway.InsurerBusy("insurer busy")), operations);
        verify(operations).reschedule(any(), eq(done.plus(settings.retryBackoff())),
                eq(new QuoteTasks.QuoteJob(applicationId, "alfa", DETAILS_JSON, null, 2)));
    }

    @Test
    void anInsurerBusyForTooLongFailsTheAttemptAfterAll() {
        when(insurers.quote(any(), any(), anyInt(), any())).thenThrow(new InsurerGateway.InsurerBusy("insurer busy"));
        TaskInstance<QuoteTasks.QuoteJob> busyLong = task.instance(applicationId + ":alfa",
                new QuoteTasks.QuoteJob(applicationId, "alfa", DETAILS_JSON, null, QuoteTasks.MAX_BUSY_PASSES));

        assertThatThrownBy(() -> task.execute(busyLong, run(busyLong, QuoteTasks.MAX_BUSY_PASSES)))
                .isInstanceOf(InsurerGateway.InsurerBusy.class);

        verify(commandGateway).sendAndWait(new RecordQuoteAttemptFailure(applicationId, "alfa", 1, "insurer busy", false));
    }

    @Test
    void aFailedAttemptIsRetriedAfterADoublingBackoffUntilTheAttemptsAreSpent() {
        ExecutionOperations<QuoteTasks.QuoteJob> operations = mock();
        Instant done = Instant.now();
        task.getFailureHandler().onFailure(ExecutionComplete.failure(attempt(2).getExecution(), done, done,
                new InsurerGateway.QuoteUnavailable("insurer answered 503")), operations);
        verify(operations).reschedule(any(), eq(done.plus(settings.retryBackoff().multipliedBy(2))));

        ExecutionOperations<QuoteTasks.QuoteJob> last = mock();
        task.getFailureHandler().onFailure(ExecutionComplete.failure(attempt(3).getExecution(), done, done,
                new IllegalStateException("the command could not be sent")), last);
        verify(last).stop();
    }

    /** The context of an execution that failed {@code attempt - 1} times before. */
    private ExecutionContext attempt(int attempt) {
        return run(instance, attempt - 1);
    }

    private static ExecutionContext run(TaskInstance<QuoteTasks.QuoteJob> instance, int failedBefore) {
        Execution execution = new Execution(Instant.now(), instance, true, "test", null, null, failedBefore, null, 1);
        return new ExecutionContext(null, execution, null, null);
    }
}
