package io.policyhub.command.orders;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param paymentTimeout how long an order may stay unpaid before it is rejected (and any debit refunded) */
@ConfigurationProperties("policyhub.orders")
public record PaymentSettings(@DefaultValue("30s") Duration paymentTimeout) {
}
