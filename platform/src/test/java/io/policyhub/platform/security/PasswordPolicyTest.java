package io.policyhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyhub.platform.web.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "12345678", "1234567890", "qwertyuiop", "password123", "iloveyou", "1qaz2wsx3edc"})
    void commonPasswordsAreRefusedInAnyCase(String password) {
        assertThatThrownBy(() -> policy.check(password, "someone"))
                .isInstanceOfSatisfying(ProblemException.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo("weak-password");
                    assertThat(refusal.getMessage()).contains("most common");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ivan.petrov-2024", "IVAN.PETROVrocks", "my ivan.petrov pass"})
    void thePasswordMustNotContainTheUsername(String password) {
        assertThatThrownBy(() -> policy.check(password, "Ivan.Petrov"))
                .isInstanceOfSatisfying(ProblemException.class, refusal -> assertThat(refusal.getMessage()).contains("username"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct-horse-battery", "operator-local-only", "new-password-123", "tYp3-w1th-n0-m3an1ng"})
    void otherPasswordsPass(String password) {
        assertThatCode(() -> policy.check(password, "ivan")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"al", "x"})
    void veryShortUsernamesAreNotLookedFor(String username) {
        assertThatCode(() -> policy.check("Totally-alright-x", username)).doesNotThrowAnyException();
    }
}
