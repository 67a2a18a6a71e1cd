package io.policyhub.app.axon;

import io.policyhub.platform.privacy.PersonalDataCipher;
import io.policyhub.platform.privacy.PersonalDataKeys;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
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

    /** Snapshots, tokens and sagas; snapshots may carry personal data, hence the cipher. */
    @Bean
    @Primary
    Serializer serializer(PersonalDataCipher cipher) {
        return new PersonalDataSerializer(jsonSerializer(), cipher);
    }

    /** Events (and their dead letters): their personal fields are stored encrypted, per person. */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(PersonalDataCipher cipher) {
        return new PersonalDataSerializer(jsonSerializer(), cipher);
    }

    @Bean
    PersonalDataKeys personalDataKeys(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new PersonalDataKeys(jdbc, transactions);
    }

    @Bean
    PersonalDataCipher personalDataCipher(PersonalDataKeys keys) {
        return new PersonalDataCipher(keys);
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
