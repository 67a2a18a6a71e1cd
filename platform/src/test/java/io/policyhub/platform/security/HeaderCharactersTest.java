package io.policyhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's character checks answer exactly as Spring's patterns do (StrictHttpFirewall's source). */
class HeaderCharactersTest {

    private static final Pattern SPRING_NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern SPRING_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsSpringJudgesIt() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            String within = "a" + alone + "b";
            assertThat(HeaderCharacters.isAllowedName(alone)).as("name U+%04X", codePoint).isEqualTo(SPRING_NAME.matcher(alone).matches());
            assertThat(HeaderCharacters.isAllowedValue(within)).as("value U+%04X", codePoint).isEqualTo(SPRING_VALUE.matcher(within).matches());
        }
    }

    @Test
    void loneAndPairedSurrogatesAndRandomTextToo() {
        String[] samples = {"", "\uD83D", "\uDE00", "\uDE00\uD83D", "x\uD83D\uDE00y", "\uD83D\uD83D\uDE00", "tab\there", "nul\u0000",
                "del\u007f", "c1\u0085", "\u00e9t\u00e9", "Bearer " + "eyJ".repeat(300)};
        Random random = new Random(21);
        String[] randomTexts = new String[2_000];
        for (int i = 0; i < randomTexts.length; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                // mostly the ranges where the answers change: controls, Latin-1, surrogates, unassigned planes
                int[] starts = {0, 0x7f, 0xd800, 0xdc00, 0xfff0, 0x30000, 0xe0000};
                text.append((char) (starts[random.nextInt(starts.length)] + random.nextInt(0x30)));
            }
            randomTexts[i] = text.toString();
        }
        for (String[] texts : new String[][] {samples, randomTexts}) {
            for (String text : texts) {
                assertThat(HeaderCharacters.isAllowedName(text)).as("name %s", text.codePoints().boxed().toList())
                        .isEqualTo(SPRING_NAME.matcher(text).matches());
                assertThat(HeaderCharacters.isAllowedValue(text)).as("value %s", text.codePoints().boxed().toList())
                        .isEqualTo(SPRING_VALUE.matcher(text).matches());
            }
        }
    }

    @Test
    void theFirewallStillRefusesAControlCharacterInAHeader() {
        StrictHttpFirewall firewall = HeaderCharacters.firewall();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
        request.addHeader("X-Bad", "a\u0001b");
        request.addHeader("Authorization", "Bearer abc\tdef");
        var checked = firewall.getFirewalledRequest(request);
        assertThat(checked.getHeader("Authorization")).isEqualTo("Bearer abc\tdef");
        assertThatThrownBy(() -> checked.getHeader("X-Bad")).isInstanceOf(RequestRejectedException.class);
    }
}
