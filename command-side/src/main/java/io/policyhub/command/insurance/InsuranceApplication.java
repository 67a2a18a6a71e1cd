package io.policyhub.command.insurance;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.common.AggregateTypes;
import io.policyhub.api.common.Rejection;
import io.policyhub.api.insurance.AcceptQuote;
import io.policyhub.api.insurance.ApplicationCompleted;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.api.insurance.ConfirmResubmission;
import io.policyhub.api.insurance.IssuePolicy;
import io.policyhub.api.insurance.PolicyIds;
import io.policyhub.api.insurance.PolicyIssued;
import io.policyhub.api.insurance.QuoteAccepted;
import io.policyhub.api.insurance.QuoteAttemptFailed;
import io.policyhub.api.insurance.QuoteFailed;
import io.policyhub.api.insurance.QuoteReceived;
import io.policyhub.api.insurance.RecordQuote;
import io.policyhub.api.insurance.RecordQuoteAttemptFailure;
import io.policyhub.api.insurance.SubmitApplication;
import io.policyhub.api.orders.OrderIds;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An OSAGO application: one answer per insurer, the first one counts (a task that is retried or
 * revived after a crash may report again; that changes nothing). Completed when all answered.
 */
@Aggregate(type = AggregateTypes.INSURANCE_APPLICATION, cache = "applicationAggregateCache", filterEventsByType = true)
public class InsuranceApplication {

    private enum Answer { PENDING, QUOTED, FAILED }

    @AggregateIdentifier
    private UUID applicationId;
    private UUID customerId;
    private ApplicationDetails details;
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final Map<String, BigDecimal> premiums = new HashMap<>();
    private QuoteAccepted accepted;
    private boolean policyIssued;

    protected InsuranceApplication() {
        // for event sourcing
    }

    @CommandHandler
    public InsuranceApplication(SubmitApplication command) {
        if (command.insurers() == null || command.insurers().isEmpty()) {
            throw new CommandRejectedException(Rejection.invalid("no-insurers", "An application needs at least one insurer"));
        }
        apply(new ApplicationSubmitted(command.applicationId(), command.customerId(), command.details(),
                command.insurers()));
    }

    @CommandHandler
    public void handle(ConfirmResubmission command) {
        if (!command.customerId().equals(customerId)) {
            throw new CommandRejectedException(new Rejection(Rejection.Kind.NOT_FOUND, "not-found", "No such application"));
        }
        if (!command.details().equals(details)) {
            throw new CommandRejectedException(Rejection.keyReused("The Idempotency-Key was already used for an application with other details"));
        }
    }

    @CommandHandler
    public void handle(RecordQuote command) {
        if (isPending(command.insurer())) {
            apply(new QuoteReceived(applicationId, command.insurer(), command.premium(), command.attempts()));
            completeWhenAllAnswered();
        }
    }

    @CommandHandler
    public void handle(RecordQuoteAttemptFailure command) {
        if (!isPending(command.insurer())) {
            return;
        }
        if (command.last()) {
            apply(new QuoteFailed(applicationId, command.insurer(), command.attempt(), command.error()));
            completeWhenAllAnswered();
        } else {
            apply(new QuoteAttemptFailed(applicationId, command.insurer(), command.attempt(), command.error()));
        }
    }

    /** Accepting the same quote again answers the same order; another quote after that is refused. */
    @CommandHandler
    public QuoteAccepted handle(AcceptQuote command) {
        if (!command.customerId().equals(customerId)) {
            throw new CommandRejectedException(new Rejection(Rejection.Kind.NOT_FOUND, "not-found", "No such application"));
        }
        if (accepted != null) {
            if (accepted.insurer().equals(command.insurer())) {
                return accepted;
            }
            throw new CommandRejectedException(Rejection.conflict("quote-already-accepted",
                    "The quote of " + accepted.insurer() + " was already accepted"));
        }
        BigDecimal premium = premiums.get(command.insurer());
        if (premium == null) {
            throw new CommandRejectedException(Rejection.conflict("no-quote", command.insurer() + " has not quoted"));
        }
        QuoteAccepted event = new QuoteAccepted(applicationId, customerId, command.insurer(), premium,
                OrderIds.forAcceptedQuote(applicationId));
        apply(event);
        return event;
    }

    /**
     * Issues the policy of the accepted quote once its order was paid: valid for a year from the day
     * after the payment. A repeat (a redelivered payment) changes nothing.
     */
    @CommandHandler
    public void handle(IssuePolicy command) {
        if (accepted == null) {
            throw new CommandRejectedException(Rejection.conflict("no-accepted-quote", "No quote of this application was accepted"));
        }
        if (policyIssued) {
            return;
        }
        UUID policyId = PolicyIds.forApplication(applicationId);
        LocalDate validFrom = LocalDate.ofInstant(command.paidAt(), ZoneOffset.UTC).plusDays(1);
        apply(new PolicyIssued(policyId, PolicyIds.numberOf(policyId), applicationId, customerId, accepted.insurer(),
                accepted.premium(), validFrom, validFrom.plusYears(1).minusDays(1), details.vehicle(), details.driver()));
    }

    private boolean isPending(String insurer) {
        Answer answer = answers.get(insurer);
        if (answer == null) {
            throw new CommandRejectedException(Rejection.invalid("unknown-insurer",
                    insurer + " was not asked for this application"));
        }
        return answer == Answer.PENDING;
    }

    private void completeWhenAllAnswered() {
        if (!answers.containsValue(Answer.PENDING)) {
            apply(new ApplicationCompleted(applicationId, customerId));
        }
    }

    @EventSourcingHandler
    void on(ApplicationSubmitted event) {
        applicationId = event.applicationId();
        customerId = event.customerId();
        details = event.details();
        event.insurers().forEach(insurer -> answers.put(insurer, Answer.PENDING));
    }

    @EventSourcingHandler
    void on(QuoteReceived event) {
        answers.put(event.insurer(), Answer.QUOTED);
        premiums.put(event.insurer(), event.premium());
    }

    @EventSourcingHandler
    void on(QuoteAccepted event) {
        accepted = event;
    }

    @EventSourcingHandler
    void on(PolicyIssued event) {
        policyIssued = true;
    }

    @EventSourcingHandler
    void on(QuoteFailed event) {
        answers.put(event.insurer(), Answer.FAILED);
    }
}
