package io.policyhub.command.orders;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import io.policyhub.api.accounts.Money;
import io.policyhub.api.orders.FindOrder;
import io.policyhub.api.orders.OrderIds;
import io.policyhub.api.orders.OrderStatus;
import io.policyhub.api.orders.OrderView;
import io.policyhub.api.orders.PlaceOrder;
import io.policyhub.command.common.AfterStoredCommand;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.IdempotencyKeys;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Places orders. The answer waits (bounded) until the payment finished, so a client normally gets
 * PAID or REJECTED at once and its next reads of balance, orders and notifications agree with it;
 * PENDING only when the payment takes longer than that wait.
 */
@RestController
class OrderCommandController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;

    OrderCommandController(CommandGateway commandGateway, QueryGateway queryGateway) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
    }

    @PostMapping("/api/v1/orders")
    ResponseEntity<OrderView> place(Caller caller, @Valid @RequestBody OrderRequest request,
                                    @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        String key = IdempotencyKeys.optional(idempotencyKey);
        UUID orderId = key == null ? UUID.randomUUID() : OrderIds.forIdempotencyKey(caller.userId(), key);
        boolean repeated = false;
        try {
            commandGateway.sendAndWait(new PlaceOrder(orderId, caller.userId(), request.price(), request.description()));
        } catch (AggregateStreamCreationException sameKeyAgain) {
            repeated = true;
        }
        Supplier<OrderView> stored = () -> queryGateway.query(new FindOrder(orderId, caller.userId(), true),
                ResponseTypes.optionalInstanceOf(OrderView.class)).join().orElseThrow();
        // a repeat stored nothing, and only the stored order can say whether the body is the same
        OrderView order = repeated ? stored.get() : AfterStoredCommand.readOr(stored,
                () -> new OrderView(orderId, request.price(), request.description(), OrderStatus.PENDING, null, null));
        if (repeated && !sameRequest(order, request)) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "The Idempotency-Key was already used for a different order");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(order);
    }

    private static boolean sameRequest(OrderView order, OrderRequest request) {
        return order.price().compareTo(request.price()) == 0 && Objects.equals(order.description(), request.description());
    }

    record OrderRequest(@NotNull @Positive @DecimalMax(Money.MAX_TEXT) @Digits(integer = Money.MAX_INTEGER_DIGITS, fraction = Money.SCALE) BigDecimal price,
                        @Size(max = 500) String description) {
    }
}
