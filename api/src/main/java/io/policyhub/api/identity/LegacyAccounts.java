package io.policyhub.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The old messenger signs people up and in by email and has no usernames. Its accounts get one
 * derived from the email: the same email always names the same user (a second sign-up with it is
 * refused like a taken username, atomically, see {@link UserIds}), and the email itself stays out
 * of the username, which is not personal data.
 */
public final class LegacyAccounts {

    private static final String PREFIX = "mail-";
    private static final int HEX_CHARACTERS = 20;

    private LegacyAccounts() {
    }

    public static String usernameFor(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("legacy-email:" + email.trim().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_CHARACTERS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
