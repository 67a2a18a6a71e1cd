package io.policyhub.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * An OSAGO-like premium: base rate x territory x engine power x driver age and experience x vehicle age x the
 * insurer's own factor. It follows the shape of the regulated tariff (the same coefficients exist there), not its
 * current numbers; what matters for the application is a plausible, deterministic price per input and insurer.
 */
@Component
class PremiumCalculator {

    private static final BigDecimal BASE_RATE = new BigDecimal("5200");

    /** Territory coefficient by region name (English or Russian) or region code; other regions 1.0. */
    private static final Map<String, BigDecimal> TERRITORY = Map.of(
            "moscow", new BigDecimal("2.0"), "москва", new BigDecimal("2.0"), "77", new BigDecimal("2.0"),
            "saint petersburg", new BigDecimal("1.8"), "санкт-петербург", new BigDecimal("1.8"), "78", new BigDecimal("1.8"),
            "moscow oblast", new BigDecimal("1.7"), "московская область", new BigDecimal("1.7"), "50", new BigDecimal("1.7"));

    private final Clock clock;

    PremiumCalculator(Clock clock) {
        this.clock = clock;
    }

    BigDecimal premium(QuoteRequest request, BigDecimal insurerFactor) {
        LocalDate today = LocalDate.now(clock);
        return BASE_RATE
                .multiply(TERRITORY.getOrDefault(request.region().trim().toLowerCase(Locale.ROOT), BigDecimal.ONE))
                .multiply(enginePower(request.vehicle().enginePowerHp()))
                .multiply(driver(request.driver(), today))
                .multiply(vehicleAge(today.getYear() - request.vehicle().year()))
                .multiply(insurerFactor)
                .setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal enginePower(double hp) {
        if (hp <= 50) return new BigDecimal("0.6");
        if (hp <= 70) return new BigDecimal("1.0");
        if (hp <= 100) return new BigDecimal("1.1");
        if (hp <= 120) return new BigDecimal("1.2");
        if (hp <= 150) return new BigDecimal("1.4");
        return new BigDecimal("1.6");
    }

    /** Young (22 or less) and inexperienced (3 years or less) drivers pay more, both together the most. */
    private static BigDecimal driver(QuoteRequest.Driver driver, LocalDate today) {
        boolean young = Period.between(driver.birthDate(), today).getYears() <= 22;
        boolean novice = Period.between(driver.licenseIssuedAt(), today).getYears() <= 3;
        if (young && novice) return new BigDecimal("1.8");
        if (novice) return new BigDecimal("1.7");
        if (young) return new BigDecimal("1.6");
        return BigDecimal.ONE;
    }

    private static BigDecimal vehicleAge(int years) {
        if (years <= 3) return BigDecimal.ONE;
        if (years <= 10) return new BigDecimal("1.05");
        return new BigDecimal("1.1");
    }
}
