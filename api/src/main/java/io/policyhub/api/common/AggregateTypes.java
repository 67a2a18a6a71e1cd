package io.policyhub.api.common;

/**
 * The aggregate types as the event store records them. Aggregates declare theirs with these names,
 * and reads check that an id belongs to the type they expect: an order id that is a user's answers
 * 404, never a wait for a row that cannot come.
 */
public final class AggregateTypes {

    public static final String USER = "User";
    public static final String ACCOUNT = "Account";
    public static final String ORDER = "Order";
    public static final String INSURANCE_APPLICATION = "InsuranceApplication";
    public static final String CHAT = "Chat";

    private AggregateTypes() {
    }
}
