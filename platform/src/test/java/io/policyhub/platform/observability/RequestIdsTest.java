package io.policyhub.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdsTest {

    @Test
    void keepsAPlainTokenAndReplacesAnythingElse() {
        assertThat(RequestIds.acceptOrGenerate("edge-4f2a:9")).isEqualTo("edge-4f2a:9");
        assertThat(RequestIds.acceptOrGenerate("a".repeat(128))).hasSize(128);
        for (String hostile : new String[] {null, "", "a".repeat(129), "two words", "quote\"", "new\nline", "nul\u0000",
                "\u00e9t\u00e9", "{\"json\":1}", "back\\slash"}) {
            String kept = RequestIds.acceptOrGenerate(hostile);
            assertThat(kept).isNotEqualTo(hostile).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void acceptsExactlyWhatItsPatternDescribes() {
        Pattern described = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
        for (char c = 0; c < 0x3000; c++) {
            String alone = String.valueOf(c);
            assertThat(RequestIds.isValid(alone)).as("U+%04X", (int) c).isEqualTo(described.matcher(alone).matches());
        }
        Random random = new Random(21);
        String alphabet = "aZ09._:@/+=- \n\u0000\u00e9\uD83D\uDE00";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int j = random.nextInt(140); j > 0; j--) {
                id.append(random.nextInt(10) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'k');
            }
            assertThat(RequestIds.isValid(id.toString())).as(id.toString()).isEqualTo(described.matcher(id).matches());
        }
        assertThat(RequestIds.isValid(42)).isFalse();
    }

    @Test
    void generatedIdsDiffer() {
        assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate()).hasSize(32);
    }

    @Test
    void aScopeRestoresTheOuterId() {
        try (RequestIds.Scope outer = RequestIds.open("outer")) {
            try (RequestIds.Scope inner = RequestIds.open("inner")) {
                assertThat(RequestIds.current()).isEqualTo("inner");
            }
            assertThat(RequestIds.current()).isEqualTo("outer");
            try (RequestIds.Scope none = RequestIds.open(null)) {
                assertThat(RequestIds.current()).isNull();
            }
            assertThat(RequestIds.current()).isEqualTo("outer");
        }
        assertThat(MDC.get(RequestIds.KEY)).isNull();
    }
}
