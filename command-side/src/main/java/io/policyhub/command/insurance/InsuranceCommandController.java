package io.policyhub.command.insurance;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.policyhub.api.identity.ClientFile;
import io.policyhub.api.identity.FindClientFile;
import io.policyhub.api.identity.RelativeView;
import io.policyhub.api.insurance.AcceptQuote;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.ApplicationIds;
import io.policyhub.api.insurance.ApplicationView;
import io.policyhub.api.insurance.ConfirmResubmission;
import io.policyhub.api.insurance.Driver;
import io.policyhub.api.insurance.FindApplication;
import io.policyhub.api.insurance.QuoteAccepted;
import io.policyhub.api.insurance.SubmitApplication;
import io.policyhub.api.orders.FindOrder;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.OrderView;
import io.policyhub.api.orders.PlaceOrder;
import io.policyhub.command.common.AfterStoredCommand;
import io.policyhub.platform.ratelimit.RateLimiter;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.IdempotencyKeys;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Submits OSAGO applications. The Idempotency-Key is required: the same user and key always mean
 * the same application, which is answered again without counting against the rate limit.
 */
@RestController
class InsuranceCommandController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final EventStore eventStore;
    private final RateLimiter rateLimiter;
    private final InsuranceSettings settings;

    InsuranceCommandController(CommandGateway commandGateway, QueryGateway queryGateway, EventStore eventStore,
                               RateLimiter rateLimiter, InsuranceSettings settings) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.eventStore = eventStore;
        this.rateLimiter = rateLimiter;
        this.settings = settings;
    }

    /** Pays the accepted quote through the orders flow: an order for the premium, debited from the account. */
    @PostMapping("/api/v1/insurance/applications/{applicationId}/quotes/{insurer}/accept")
    ResponseEntity<OrderView> accept(Caller caller, @PathVariable UUID applicationId, @PathVariable String insurer) {
        QuoteAccepted accepted = commandGateway.sendAndWait(new AcceptQuote(applicationId, caller.userId(), insurer));
        String description = "OSAGO policy by " + insurer + ", application " + applicationId;
        try {
            commandGateway.sendAndWait(new PlaceOrder(accepted.orderId(), caller.userId(), accepted.premium(), description));
        } catch (AggregateStreamCreationException alreadyPlaced) {
            // accepted before: the same order answers
        }
        OrderView order = AfterStoredCommand.readOr(() -> queryGateway.query(new FindOrder(accepted.orderId(), caller.userId(), true),
                        ResponseTypes.optionalInstanceOf(OrderView.class)).join().orElseThrow(),
                () -> new OrderView(accepted.orderId(), accepted.premium(), description, OrderStatus.PENDING, null, null));
        return ResponseEntity.status(HttpStatus.CREATED).body(order);
    }

    /** A relative of the client's file as the application's driver: one with a licence, of age. */
    private Driver relativeAsDriver(Caller caller, UUID relativeId) {
        RelativeView relative = queryGateway.query(new FindClientFile(caller.userId()), ResponseTypes.optionalInstanceOf(ClientFile.class))
                .join().stream().flatMap(file -> file.relatives().stream())
                .filter(candidate -> candidate.relativeId().equals(relativeId)).findFirst()
                .orElseThrow(() -> new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-relative",
                        "driverRelativeId names none of the caller's relatives"));
        if (relative.licenseNumber() == null
                || relative.birthDate().isAfter(LocalDate.now().minusYears(ApplicationRequest.MIN_APPLICANT_AGE))) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "relative-not-a-driver",
                    "The relative needs a driving licence and to be at least " + ApplicationRequest.MIN_APPLICANT_AGE);
        }
        return new Driver(relative.fullName(), relative.birthDate(), relative.licenseNumber(), relative.licenseIssuedAt());
    }

    @PostMapping("/api/v1/insurance/applications")
    ResponseEntity<?> submit(Caller caller, @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                             @Valid @RequestBody ApplicationRequest request) {
        UUID applicationId = ApplicationIds.forIdempotencyKey(caller.userId(), IdempotencyKeys.required(idempotencyKey));
        ApplicationDetails details = request.details(request.inlineDriver() != null ? request.inlineDriver()
                : relativeAsDriver(caller, request.driverRelativeId()));
        if (eventStore.lastSequenceNumberFor(applicationId.toString()).isEmpty()) {
            // partners are held to their own request budget instead
            Optional<Duration> wait = caller.isPartner() ? Optional.empty() : rateLimiter.tryConsume("applications:" + caller.userId(),
                    settings.perUserLimit(), settings.perUserPeriod());
            if (wait.isPresent()) {
                long seconds = RateLimiter.retryAfterSeconds(wait.get());
                throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-applications",
                        "At most " + settings.perUserLimit() + " application(s) per " + settings.perUserPeriod().toSeconds()
                                + " s; retry in " + seconds + " s", seconds);
            }
            try {
                commandGateway.sendAndWait(new SubmitApplication(applicationId, caller.userId(), details,
                        settings.insurerNames()));
            } catch (AggregateStreamCreationException sameKeyRaced) {
                // the racing twin created it: the same application if the details are the same
                commandGateway.sendAndWait(new ConfirmResubmission(applicationId, caller.userId(), details));
            }
        } else {
            commandGateway.sendAndWait(new ConfirmResubmission(applicationId, caller.userId(), details));
        }
        String status = AfterStoredCommand.readOr(() -> queryGateway.query(new FindApplication(applicationId, caller.userId(), null),
                        ResponseTypes.optionalInstanceOf(ApplicationView.class)).join()
                .map(ApplicationView::status).orElse("IN_PROGRESS"), () -> "IN_PROGRESS");
        return ResponseEntity.accepted().body(Map.of("applicationId", applicationId, "status", status));
    }
}
