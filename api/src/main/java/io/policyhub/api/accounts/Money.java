package io.policyhub.api.accounts;

import java.math.BigDecimal;

/** Rules every money amount in a command must follow. */
public final class Money {

    public static final String CURRENCY = "RUB";
    public static final int SCALE = 2;

    private Money() {
    }

    /** True for amounts greater than zero with at most two decimals. */
    public static boolean isValidAmount(BigDecimal amount) {
        return amount != null && amount.signum() > 0 && amount.stripTrailingZeros().scale() <= SCALE;
    }

    /** The amount as stored and shown: always two decimals. */
    public static BigDecimal normalize(BigDecimal amount) {
        return amount.setScale(SCALE);
    }
}
