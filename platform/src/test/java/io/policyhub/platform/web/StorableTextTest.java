package io.policyhub.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;

class StorableTextTest {

    private final JsonMapper json = JsonMapper.builder().addModule(StorableText.module()).build();

    record Body(String text, UUID id) {
    }

    @Test
    void storableTextAndUuidsAreReadAsSent() {
        UUID id = UUID.randomUUID();

        Body body = json.readValue("{\"text\": \"Ёжик 🦔\", \"id\": \"" + id + "\"}", Body.class);

        assertThat(body).isEqualTo(new Body("Ёжик 🦔", id));
        assertThat(json.readValue("{\"text\": null, \"id\": null}", Body.class)).isEqualTo(new Body(null, null));
    }

    @ParameterizedTest(name = "text {0}")
    @ValueSource(strings = {"a\\u0000b", "a\\ud83db", "\\ude00"})
    void textWithNulOrALoneSurrogateIsRefused(String escaped) {
        assertThatThrownBy(() -> json.readValue("{\"text\": \"" + escaped + "\"}", Body.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining(StorableText.REFUSAL);
    }

    /** Jackson itself would read these as null: an optional id must not pass for absent. */
    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"\\u0000", "", " ", "\\t"})
    void aBlankOrNulIdIsRefusedRatherThanReadAsNone(String escaped) {
        assertThatThrownBy(() -> json.readValue("{\"id\": \"" + escaped + "\"}", Body.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("must be a UUID");
    }
}
