package io.policyhub.platform.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.policyhub.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a new password must be beyond its length (8 characters to bcrypt's 72 bytes, checked by the
 * request's validation): not one of the ~18,000 most common passwords of that length, in any letter
 * case, and not containing the username. Refusals are 400 {@code weak-password} with the reason.
 */
@Component
public class PasswordPolicy {

    static final String COMMON_PASSWORDS = "common-passwords.txt";
    /** Shorter usernames ("al") occur inside too many good passwords to refuse them. */
    private static final int SHORTEST_USERNAME_CHECKED = 3;

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /** Refuses the password (400 {@code weak-password}) unless it is acceptable for this user. */
    public void check(String password, String username) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw weak("This password is among the most common ones; choose another");
        }
        if (username != null && username.length() >= SHORTEST_USERNAME_CHECKED && lower.contains(username.toLowerCase(Locale.ROOT))) {
            throw weak("The password must not contain the username");
        }
    }

    private static ProblemException weak(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "weak-password", detail);
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
            }
            Set<String> passwords = new HashSet<>(32_768);
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.startsWith("#") && !line.isEmpty())
                    .forEach(line -> passwords.add(line.toLowerCase(Locale.ROOT)));
            return passwords;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + COMMON_PASSWORDS, e);
        }
    }
}
