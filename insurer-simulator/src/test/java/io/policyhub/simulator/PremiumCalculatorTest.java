package io.policyhub.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PremiumCalculatorTest {

    private final PremiumCalculator calculator =
            new PremiumCalculator(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void theSameInputAlwaysCostsTheSamePositiveAmountInKopecks() {
        BigDecimal first = calculator.premium(request("Moscow", 150, LocalDate.of(1985, 3, 1), LocalDate.of(2005, 1, 1)),
                new BigDecimal("0.962"));
        BigDecimal second = calculator.premium(request("Moscow", 150, LocalDate.of(1985, 3, 1), LocalDate.of(2005, 1, 1)),
                new BigDecimal("0.962"));

        assertThat(first).isPositive().isEqualTo(second);
        assertThat(first.scale()).isEqualTo(2);
        // 5200 x 2.0 (Moscow) x 1.4 (150 hp) x 1.0 (experienced) x 1.05 (7-year-old car) x 0.962
        assertThat(first).isEqualByComparingTo("14707.06");
    }

    @Test
    void riskierInputsAndPricierInsurersCostMore() {
        LocalDate adult = LocalDate.of(1980, 1, 1);
        LocalDate longAgo = LocalDate.of(2000, 1, 1);
        BigDecimal reference = calculator.premium(request("Tver", 100, adult, longAgo), BigDecimal.ONE);

        assertThat(calculator.premium(request("Tver", 200, adult, longAgo), BigDecimal.ONE)).isGreaterThan(reference);
        assertThat(calculator.premium(request("77", 100, adult, longAgo), BigDecimal.ONE)).isGreaterThan(reference);
        assertThat(calculator.premium(request("Tver", 100, LocalDate.of(2005, 1, 1), LocalDate.of(2024, 1, 1)),
                BigDecimal.ONE)).isGreaterThan(reference);
        assertThat(calculator.premium(request("Tver", 100, adult, longAgo), new BigDecimal("1.083")))
                .isGreaterThan(reference);
    }

    private static QuoteRequest request(String region, double enginePowerHp, LocalDate birthDate, LocalDate licensed) {
        return new QuoteRequest(UUID.randomUUID(), 1,
                new QuoteRequest.Vehicle("XTA210990Y2765432", "Lada", "Vesta", 2018, enginePowerHp),
                new QuoteRequest.Driver("Ivan Petrov", birthDate, "7700 123456", licensed),
                region);
    }
}
