package io.policyhub.command.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import org.junit.jupiter.api.Test;

/** Account ids are stored in every account's events: their derivation never changes. */
class AccountIdsTest {

    @Test
    void derivesTheIdsAlreadyStored() {
        assertThat(AccountIds.forOwner(UUID.fromString("00000000-0000-0000-0000-000000000000")))
                .isEqualTo(UUID.fromString("449773bc-a6e7-30f9-b128-13cb24ddbf8c"));
        assertThat(AccountIds.forOwner(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo(UUID.fromString("59bcf71b-ebe8-3da2-92e1-492e12715429"));
    }

    @Test
    void isTheNameBasedUuidOfTheOwner() {
        for (int i = 0; i < 10_000; i++) {
            UUID owner = UUID.randomUUID();
            UUID account = AccountIds.forOwner(owner);
            assertThat(account).isEqualTo(UUID.nameUUIDFromBytes(("account:" + owner).getBytes(StandardCharsets.UTF_8)));
            assertThat(account.version()).isEqualTo(3);
        }
    }
}
