package io.policyhub.platform.web;

import java.util.UUID;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.jdk.UUIDDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text every store keeps as sent. PostgreSQL refuses NUL in text, and an unpaired surrogate has no
 * UTF-8 form (the drivers would replace it), so a JSON string with either would be accepted here,
 * stored as an event and then fail or change in a read model. Every string of every JSON body is
 * checked when it is read, so no field can forget it; the refusal is a 400 naming the field.
 */
public final class StorableText {

    public static final String REFUSAL = "must not contain NUL characters or unpaired surrogates";

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Registered with the application's JSON mapper (Spring Boot picks up every {@link JacksonModule} bean). */
    static JacksonModule module() {
        return new SimpleModule("storable-text").addDeserializer(String.class, new Deserializer())
                .addDeserializer(UUID.class, new Uuids());
    }

    /**
     * Jackson trims a UUID's text and reads what is left empty as null, so {@code "\u0000"} or
     * {@code " "} would pass for an absent optional id: such a string is refused instead.
     */
    private static final class Uuids extends UUIDDeserializer {

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = parser.getString();
                if (text.isBlank() || !isStorable(text)) {
                    return (UUID) context.handleWeirdStringValue(UUID.class, text, "must be a UUID");
                }
            }
            return super.deserialize(parser, context);
        }
    }

    private static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && !isStorable(text)) {
                return (String) context.handleWeirdStringValue(String.class, text, REFUSAL);
            }
            return text;
        }
    }
}
