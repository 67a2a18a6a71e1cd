package io.policyhub.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.policyhub.api.identity.Profile;
import io.policyhub.api.identity.UserRegistered;
import io.policyhub.api.insurance.ApplicationDetails;
import io.policyhub.api.insurance.ApplicationSubmitted;
import io.policyhub.api.insurance.Driver;
import io.policyhub.api.insurance.Vehicle;
import io.policyhub.api.accounts.MoneyDeposited;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PersonalDataCipherTest {

    /** Keys in a map instead of PostgreSQL: null once forgotten. */
    private final Map<UUID, SecretKey> store = new HashMap<>();
    private final PersonalDataKeys keys = new PersonalDataKeys(null, null) {
        @Override
        public SecretKey keyFor(UUID subject) {
            if (store.containsKey(subject) && store.get(subject) == null) {
                throw new Erased(subject);
            }
            return store.computeIfAbsent(subject, s -> {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                return new SecretKeySpec(key, "AES");
            });
        }

        @Override
        public Optional<SecretKey> existingKeyFor(UUID subject) {
            return Optional.ofNullable(store.get(subject));
        }

        @Override
        public void forget(UUID subject) {
            store.put(subject, null);
        }
    };
    private final PersonalDataCipher cipher = new PersonalDataCipher(keys);
    private final JsonMapper json = JsonMapper.builder().build();
    private final UUID userId = UUID.randomUUID();

    @Test
    void personalFieldsAreStoredEncryptedAndReadBackAsTheyWere() {
        ApplicationSubmitted event = new ApplicationSubmitted(UUID.randomUUID(), userId, new ApplicationDetails(
                new Vehicle("XTA210990Y2766389", "Lada", "Vesta", 2021, 106),
                new Driver("Ivan Petrov", LocalDate.of(1985, 5, 1), "7701 123456", LocalDate.of(2005, 6, 1)), "Moscow"),
                List.of("alfa"));
        ObjectNode tree = json.valueToTree(event);
        cipher.seal(ApplicationSubmitted.class, tree);

        String stored = tree.toString();
        assertThat(stored).doesNotContain("XTA210990Y2766389", "Ivan Petrov", "7701 123456", "1985-05-01", "2005-06-01")
                .contains("Lada", "Vesta", "Moscow", "alfa", userId.toString(), PersonalDataCipher.PREFIX);

        cipher.open(ApplicationSubmitted.class, tree);
        assertThat(json.treeToValue(tree, ApplicationSubmitted.class)).isEqualTo(event);
    }

    @Test
    void afterTheKeyIsForgottenThePersonalFieldsReadAsNullAndTheRestStays() {
        UserRegistered event = new UserRegistered(userId, "anna", "{bcrypt}$2a$10$hash",
                new Profile("anna@example.com", "Anna", "Petrova", "+7 900 123-45-67"));
        ObjectNode tree = json.valueToTree(event);
        cipher.seal(UserRegistered.class, tree);
        keys.forget(userId);

        cipher.open(UserRegistered.class, tree);
        assertThat(json.treeToValue(tree, UserRegistered.class))
                .isEqualTo(new UserRegistered(userId, "anna", null, new Profile(null, null, null, null)));
        assertThatThrownBy(() -> cipher.seal(UserRegistered.class, json.valueToTree(event)))
                .as("nothing personal is written for an erased person").isInstanceOf(PersonalDataKeys.Erased.class);
    }

    @Test
    void aSealedFieldCannotBeMovedToAnotherPersonOrField() {
        UUID other = UUID.randomUUID();
        ObjectNode mine = json.valueToTree(new UserRegistered(userId, "anna", "hash", new Profile("a@example.com", "Anna", null, null)));
        cipher.seal(UserRegistered.class, mine);
        ObjectNode theirs = json.valueToTree(new UserRegistered(other, "bob", "hash", new Profile("b@example.com", "Bob", null, null)));
        cipher.seal(UserRegistered.class, theirs);
        ((ObjectNode) theirs.get("profile")).set("firstName", mine.get("profile").get("firstName"));

        assertThatThrownBy(() -> cipher.open(UserRegistered.class, theirs)).isInstanceOf(IllegalStateException.class);
        ((ObjectNode) mine.get("profile")).set("email", mine.get("profile").get("firstName"));
        assertThatThrownBy(() -> cipher.open(UserRegistered.class, mine)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventsWithoutPersonalDataAreLeftAlone() {
        assertThat(cipher.protects(MoneyDeposited.class)).isFalse();
        assertThat(cipher.protects(String.class)).isFalse();
        assertThat(cipher.protects(UserRegistered.class)).isTrue();
        assertThat(store).isEmpty();
    }

    @Test
    void valuesStoredBeforeTheProtectionAreReadAsTheyAre() {
        ObjectNode legacy = json.valueToTree(new UserRegistered(userId, "anna", "hash", new Profile("anna@example.com", null, null, null)));
        cipher.open(UserRegistered.class, legacy);
        assertThat(legacy.get("profile").get("email").asString()).isEqualTo("anna@example.com");
    }
}
