package io.policyhub.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;

import io.policyhub.api.accounts.MoneyDeposited;
import io.policyhub.platform.privacy.PersonalDataCipher;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.junit.jupiter.api.Test;

class TypeCachingSerializerTest {

    /** MoneyDeposited carries no personal data: the cipher never asks for a key. */
    private final Serializer serializer = new AxonSerialization().eventSerializer(new PersonalDataCipher(null));

    @Test
    void eventsStillMakeTheRoundTrip() {
        MoneyDeposited event = new MoneyDeposited(UUID.randomUUID(), new BigDecimal("10.00"), new BigDecimal("30.00"));
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);

        assertThat(serializer.<byte[], MoneyDeposited>deserialize(stored)).isEqualTo(event);
        assertThat(serializer.<byte[], MoneyDeposited>deserialize(stored)).isEqualTo(event);
        assertThat(serializer.classForType(stored.getType())).isEqualTo(MoneyDeposited.class);
    }

    @Test
    void aTypeNoClassHasStaysUnknown() {
        SimpleSerializedType gone = new SimpleSerializedType("io.policyhub.api.Removed", null);

        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
    }
}
