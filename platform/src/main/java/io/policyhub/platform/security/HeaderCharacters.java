package io.policyhub.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The characters {@link StrictHttpFirewall} lets through in header names, header values and
 * parameter names, checked without its regular expressions: the firewall runs them on every
 * {@code getHeader}, and over a bearer token's ~900 characters the header-value pattern took 2.6 % of
 * the request threads' CPU under deposits (decision 41). The rules are Spring's own, character for character
 * ({@code HeaderCharactersTest} compares them with Spring's patterns over every code point): a name
 * has only assigned, non-control code points; a value may also hold tabs.
 */
final class HeaderCharacters {

    private HeaderCharacters() {
    }

    /** The firewall Spring Security uses by default, with these checks in place of its patterns. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
        firewall.setAllowedParameterNames(HeaderCharacters::isAllowedName);
        return firewall;
    }

    /** Spring's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static boolean isAllowedName(String name) {
        return allows(name, false);
    }

    /** Spring's {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
    static boolean isAllowedValue(String value) {
        return allows(value, true);
    }

    private static boolean allows(String text, boolean tabs) {
        int length = text.length();
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            // printable ASCII, nearly every character a client sends, is assigned and no control
            if (c >= ' ' && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tabs && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
