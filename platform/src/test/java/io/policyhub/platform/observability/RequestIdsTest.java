package io.policyhub.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

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
