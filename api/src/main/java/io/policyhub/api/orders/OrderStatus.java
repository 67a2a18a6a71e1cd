package io.policyhub.api.orders;

public enum OrderStatus {
    PENDING, PAID, REJECTED
}
