package io.policyhub.command.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.policyhub.api.identity.LegacyAccounts;
import io.policyhub.api.identity.Profile;
import io.policyhub.platform.web.MaxUtf8Bytes;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The old messenger's sign-up, over the same registration as {@code /api/v1/auth/register}: the
 * current password policy, a username derived from the email ({@link LegacyAccounts}), and the
 * personal fields it asked for kept on the profile (encrypted in the events, erased with the user).
 */
@RestController
class LegacySignUpController {

    private final Registrations registrations;

    LegacySignUpController(Registrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/auth/sign-up")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, UUID> signUp(@Valid @RequestBody SignUp request) {
        UUID userId = registrations.register(LegacyAccounts.usernameFor(request.email()), request.password(), request.profile(),
                () -> new ProblemException(HttpStatus.CONFLICT, "email-taken", "An account with this email exists already; sign in"));
        return Map.of("user_id", userId);
    }

    record SignUp(@NotBlank @Email @Size(max = 254) String email,
                  @NotNull @Size(min = 8, max = IdentityRequestBodies.PASSWORD_MAX_BYTES)
                  @MaxUtf8Bytes(IdentityRequestBodies.PASSWORD_MAX_BYTES) String password,
                  @NotBlank @Pattern(regexp = IdentityRequestBodies.NAME) String name,
                  @NotBlank @Pattern(regexp = IdentityRequestBodies.NAME) String surname,
                  @Past LocalDate birthday,
                  @Pattern(regexp = "^[\\p{L}][\\p{L} -]{0,15}$", message = "1 to 16 letters") String sex,
                  @Pattern(regexp = IdentityRequestBodies.NAME) String city,
                  @Size(max = MAX_INTERESTS) List<@NotBlank @Pattern(regexp = INTEREST, message = "1 to 32 letters, digits, spaces or '-'")
                          String> interests) {

        static final int MAX_INTERESTS = 20;
        static final String INTEREST = "^[\\p{L}\\p{N}][\\p{L}\\p{N} -]{0,31}$";

        @AssertTrue(message = "must be in 1900 or later")
        boolean isBirthdayAfter1900() {
            return birthday == null || birthday.getYear() >= 1900;
        }

        Profile profile() {
            return new Profile(email, name, surname, null, birthday, sex, city, interests == null ? null : List.copyOf(interests));
        }
    }
}
