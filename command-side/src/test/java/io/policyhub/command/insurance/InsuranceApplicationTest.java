package io.policyhub.command.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.policyhub.api.common.Rejection;
import io.policyhub.api.insurance.AcceptQuote;
import io.policyhub.api.insurance.ApplicationCompleted;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.api.insurance.ConfirmResubmission;
import io.policyhub.api.insurance.Driver;
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
import io.policyhub.api.insurance.Vehicle;
import io.policyhub.api.orders.OrderIds;
import io.policyhub.command.common.CommandRejectedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InsuranceApplicationTest {

    private static final BigDecimal PREMIUM = new BigDecimal("8450.00");

    private final UUID applicationId = UUID.randomUUID();
    private final UUID customerId = UUID.randomUUID();
    private final ApplicationDetails details = new ApplicationDetails(
            new Vehicle("XTA210990Y2766389", "Lada", "Vesta", 2021, 106),
            new Driver("Ivan Petrov", LocalDate.of(1985, 5, 1), "7701 123456", LocalDate.of(2005, 6, 1)), "Moscow");
    private final ApplicationSubmitted submitted =
            new ApplicationSubmitted(applicationId, customerId, details, List.of("alfa", "ingos"));
    private AggregateTestFixture<InsuranceApplication> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InsuranceApplication.class);
    }

    @Test
    void submissionAsksEveryInsurer() {
        fixture.givenNoPriorActivity()
                .when(new SubmitApplication(applicationId, customerId, details, List.of("alfa", "ingos")))
                .expectEvents(submitted);
    }

    @Test
    void theSameDetailsUnderTheSameKeyChangeNothing() {
        fixture.given(submitted)
                .when(new ConfirmResubmission(applicationId, customerId, details))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void otherDetailsUnderTheSameKeyAreRefused() {
        ApplicationDetails other = new ApplicationDetails(details.vehicle(), details.driver(), "Kazan");
        fixture.given(submitted)
                .when(new ConfirmResubmission(applicationId, customerId, other))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionDetails(Rejection.keyReused("The Idempotency-Key was already used for an application with other details"));
    }

    @Test
    void theAcceptedQuotesOrderIsNoClientsKeyedOrder() {
        assertThat(OrderIds.forAcceptedQuote(applicationId))
                .isNotEqualTo(OrderIds.forIdempotencyKey(customerId, "osago:" + applicationId))
                .isNotEqualTo(OrderIds.forIdempotencyKey(customerId, "osago-quote-order:" + applicationId));
    }

    @Test
    void anApplicationNeedsInsurers() {
        fixture.givenNoPriorActivity()
                .when(new SubmitApplication(applicationId, customerId, details, List.of()))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void aQuoteIsRecordedOnceAndTheLastAnswerCompletesTheApplication() {
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1))
                .when(new RecordQuote(applicationId, "ingos", PREMIUM, 2))
                .expectEvents(new QuoteReceived(applicationId, "ingos", PREMIUM, 2),
                        new ApplicationCompleted(applicationId, customerId));
    }

    @Test
    void aSecondAnswerFromTheSameInsurerChangesNothing() {
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1))
                .when(new RecordQuote(applicationId, "alfa", new BigDecimal("1.00"), 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aFailedAttemptThatWillBeRetriedKeepsTheInsurerPending() {
        fixture.given(submitted)
                .when(new RecordQuoteAttemptFailure(applicationId, "alfa", 1, "insurer answered 503", false))
                .expectEvents(new QuoteAttemptFailed(applicationId, "alfa", 1, "insurer answered 503"));
    }

    @Test
    void theLastFailedAttemptFailsTheInsurerAndCanCompleteTheApplication() {
        fixture.given(submitted, new QuoteReceived(applicationId, "ingos", PREMIUM, 1))
                .when(new RecordQuoteAttemptFailure(applicationId, "alfa", 3, "timeout after 1000 ms", true))
                .expectEvents(new QuoteFailed(applicationId, "alfa", 3, "timeout after 1000 ms"),
                        new ApplicationCompleted(applicationId, customerId));
    }

    @Test
    void aLateQuoteAfterTheInsurerFailedIsIgnored() {
        fixture.given(submitted, new QuoteFailed(applicationId, "alfa", 3, "timeout"))
                .when(new RecordQuote(applicationId, "alfa", PREMIUM, 3))
                .expectNoEvents();
    }

    @Test
    void theOwnerAcceptsAQuoteOnceAndGetsTheSameOrderAgain() {
        QuoteAccepted accepted = new QuoteAccepted(applicationId, customerId, "alfa", PREMIUM,
                OrderIds.forAcceptedQuote(applicationId));
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1))
                .when(new AcceptQuote(applicationId, customerId, "alfa"))
                .expectEvents(accepted)
                .expectResultMessagePayload(accepted);
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1), accepted)
                .when(new AcceptQuote(applicationId, customerId, "alfa"))
                .expectNoEvents()
                .expectResultMessagePayload(accepted);
    }

    @Test
    void onlyOneQuoteCanBeAcceptedAndOnlyAQuotedOne() {
        QuoteAccepted accepted = new QuoteAccepted(applicationId, customerId, "alfa", PREMIUM,
                OrderIds.forAcceptedQuote(applicationId));
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1),
                        new QuoteReceived(applicationId, "ingos", PREMIUM, 1), accepted)
                .when(new AcceptQuote(applicationId, customerId, "ingos"))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("quote-already-accepted", "The quote of alfa was already accepted"));
        fixture.given(submitted, new QuoteFailed(applicationId, "alfa", 3, "timeout"))
                .when(new AcceptQuote(applicationId, customerId, "alfa"))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.conflict("no-quote", "alfa has not quoted"));
    }

    @Test
    void someoneElsesApplicationCannotBeAccepted() {
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1))
                .when(new AcceptQuote(applicationId, UUID.randomUUID(), "alfa"))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    @Test
    void answersFromInsurersThatWereNotAskedAreRefused() {
        fixture.given(submitted)
                .when(new RecordQuote(applicationId, "stranger", PREMIUM, 1))
                .expectNoEvents()
                .expectExceptionDetails(Rejection.invalid("unknown-insurer", "stranger was not asked for this application"));
    }

    @Test
    void aPaidQuoteIssuesItsPolicyForAYearFromTheNextDayOnce() {
        QuoteAccepted accepted = new QuoteAccepted(applicationId, customerId, "alfa", PREMIUM,
                OrderIds.forAcceptedQuote(applicationId));
        UUID policyId = PolicyIds.forApplication(applicationId);
        PolicyIssued issued = new PolicyIssued(policyId, PolicyIds.numberOf(policyId), applicationId, customerId, "alfa",
                PREMIUM, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), details.vehicle(), details.driver());
        Instant paidAt = Instant.parse("2026-12-31T23:59:59Z");

        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1), accepted)
                .when(new IssuePolicy(applicationId, paidAt))
                .expectEvents(issued);
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1), accepted, issued)
                .when(new IssuePolicy(applicationId, paidAt.plusSeconds(5)))
                .expectNoEvents();
    }

    @Test
    void noPolicyWithoutAnAcceptedQuote() {
        fixture.given(submitted, new QuoteReceived(applicationId, "alfa", PREMIUM, 1))
                .when(new IssuePolicy(applicationId, Instant.now()))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void policyNumbersAreTheSeriesAndTenDigits() {
        assertThat(PolicyIds.numberOf(PolicyIds.forApplication(applicationId))).matches("XXX\\d{10}");
        assertThat(PolicyIds.forApplication(applicationId)).isEqualTo(PolicyIds.forApplication(applicationId));
    }
}
