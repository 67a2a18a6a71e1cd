package io.policyhub.app.axon;

import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * One JSON serializer (Jackson 3, as Spring Boot 4 uses) for events, messages, tokens and sagas.
 * Jackson 3 refuses polymorphic type ids unless a validator allows them; Axon's tokens (e.g. the
 * ReplayToken wrapping the token at reset) are polymorphic, and without this a reset processor
 * cannot read its own token back and loops forever.
 */
@Configuration
class AxonSerialization {

    static final PolymorphicTypeValidator TRUSTED_TYPES = BasicPolymorphicTypeValidator.builder()
            .allowIfSubType("org.axonframework.")
            .allowIfSubType("io.policyhub.")
            .build();

    @Bean
    @Primary
    Serializer serializer() {
        return jsonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jsonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jsonSerializer();
    }

    private static Serializer jsonSerializer() {
        return new TypeCachingSerializer(Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder.polymorphicTypeValidator(TRUSTED_TYPES))
                // tolerant reader: fields added to an event later do not break old consumers
                .lenientDeserialization());
    }
}
