package io.policyhub.command.identity;

import io.policyhub.api.identity.Profile;
import io.policyhub.platform.web.MaxUtf8Bytes;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the identity endpoints, with their validation rules. */
final class IdentityRequestBodies {

    /** 5 to 20 characters in all (the column's width), an optional leading '+'. */
    static final String PHONE = "^(?=.{5,20}$)\\+?[0-9 ()-]+$";
    /** bcrypt hashes the first 72 bytes of a password and ignores the rest. */
    static final int PASSWORD_MAX_BYTES = 72;
    static final String NAME = "^[\\p{L}][\\p{L} .'-]{0,63}$";

    private IdentityRequestBodies() {
    }

    record Registration(
            @NotBlank @Pattern(regexp = "^[A-Za-z0-9_.-]{3,32}$",
                    message = "3 to 32 letters, digits, '_', '.' or '-'") String username,
            @NotNull @Size(min = 8, max = PASSWORD_MAX_BYTES) @MaxUtf8Bytes(PASSWORD_MAX_BYTES) String password,
            @NotBlank @Email @Size(max = 254) String email,
            @Pattern(regexp = NAME) String firstName,
            @Pattern(regexp = NAME) String lastName,
            @Pattern(regexp = PHONE) String phone) {

        Profile profile() {
            return new Profile(email, firstName, lastName, phone);
        }
    }

    record ProfileDetails(
            @Email @Size(max = 254) String email,
            @Pattern(regexp = NAME) String firstName,
            @Pattern(regexp = NAME) String lastName,
            @Pattern(regexp = PHONE) String phone) {

        Profile profile() {
            return new Profile(email, firstName, lastName, phone);
        }
    }

    record Erasure(@NotNull @MaxUtf8Bytes(PASSWORD_MAX_BYTES) String password) {
    }

    record PasswordChange(@NotNull @MaxUtf8Bytes(PASSWORD_MAX_BYTES) String oldPassword,
                          @NotNull @Size(min = 8, max = PASSWORD_MAX_BYTES) @MaxUtf8Bytes(PASSWORD_MAX_BYTES) String newPassword) {
    }
}
