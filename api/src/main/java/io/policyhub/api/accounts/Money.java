package io.policyhub.api.accounts;

import java.math.BigDecimal;

/** Rules every money amount in a command must follow. */
public final class Money {

    public static final String CURRENCY = "RUB";
    public static final int SCALE = 2;
    /**
     * The largest amount and the largest balance: 13 significant digits, so that every amount is
     * exact as a JSON number in any client (a double holds 15) and far inside numeric(19, 2).
     */
    public static final String MAX_TEXT = "99999999999.99";
    public static final int MAX_INTEGER_DIGITS = 11;
    public static final BigDecimal MAX = new BigDecimal(MAX_TEXT);

    private Money() {
    }

    /** True for amounts greater than zero, at most {@link #MAX}, with at most two decimals. */
    public static boolean isValidAmount(BigDecimal amount) {
        return amount != null && amount.signum() > 0 && amount.compareTo(MAX) <= 0 && amount.stripTrailingZeros().scale() <= SCALE;
    }

    /** The amount as stored and shown: always two decimals. */
    public static BigDecimal normalize(BigDecimal amount) {
        return amount.setScale(SCALE);
    }
}
