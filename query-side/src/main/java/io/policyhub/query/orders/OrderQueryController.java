package io.policyhub.query.orders;

import java.util.List;
import java.util.UUID;

import io.policyhub.api.orders.FindNotifications;
import io.policyhub.api.orders.FindOrder;
import io.policyhub.api.orders.FindOrdersOfCustomer;
import io.policyhub.api.orders.NotificationList;
import io.policyhub.api.orders.NotificationView;
import io.policyhub.api.orders.OrderList;
import io.policyhub.api.orders.OrderView;
import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderQueryController {

    private final QueryGateway queryGateway;

    OrderQueryController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    /** Waits (bounded) while the order's payment is in progress; someone else's order is not found. */
    @GetMapping("/api/v1/orders/{orderId}")
    OrderView order(Caller caller, @PathVariable UUID orderId) {
        return queryGateway.query(new FindOrder(orderId, caller.userId(), true), ResponseTypes.optionalInstanceOf(OrderView.class))
                .join()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No such order"));
    }

    @GetMapping("/api/v1/orders")
    List<OrderView> orders(Caller caller) {
        return queryGateway.query(new FindOrdersOfCustomer(caller.userId()), OrderList.class).join().orders();
    }

    @GetMapping("/api/v1/notifications")
    List<NotificationView> notifications(Caller caller) {
        return queryGateway.query(new FindNotifications(caller.userId()), NotificationList.class).join().notifications();
    }
}
