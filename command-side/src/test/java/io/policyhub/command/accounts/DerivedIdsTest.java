package io.policyhub.command.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import io.policyhub.api.accounts.AccountIds;
import io.policyhub.api.chats.ChatIds;
import io.policyhub.api.common.NameBasedUuids;
import io.policyhub.api.identity.UserIds;
import org.junit.jupiter.api.Test;

/** Derived ids are stored in events: their derivation never changes. */
class DerivedIdsTest {

    @Test
    void derivesTheIdsAlreadyStored() {
        assertThat(AccountIds.forOwner(UUID.fromString("00000000-0000-0000-0000-000000000000")))
                .isEqualTo(UUID.fromString("449773bc-a6e7-30f9-b128-13cb24ddbf8c"));
        assertThat(AccountIds.forOwner(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo(UUID.fromString("59bcf71b-ebe8-3da2-92e1-492e12715429"));
        assertThat(UserIds.forUsername("Alice")).isEqualTo(jdk("user:alice"));
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertThat(ChatIds.between(one, other)).isEqualTo(ChatIds.between(other, one));
    }

    @Test
    void isTheJdksNameBasedUuidForAnyName() {
        Random random = new Random(21);
        String alphabet = "account:user:-0123456789abcdef\u00e9\u0416\u4e2d\uD83D\uDE00\u0000";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int j = random.nextInt(80); j > 0; j--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            UUID derived = NameBasedUuids.of(name.toString());
            assertThat(derived).as(name.toString()).isEqualTo(jdk(name.toString()));
            assertThat(derived.version()).isEqualTo(3);
        }
    }

    private static UUID jdk(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
