package io.policyhub.api.accounts;

/** Names shared by the projection that writes the account read model and the queries that read it. */
public final class AccountReadModel {

    /** The streaming processor (processing group) that maintains {@code account_balance}. */
    public static final String PROCESSOR = "accounts";

    private AccountReadModel() {
    }
}
