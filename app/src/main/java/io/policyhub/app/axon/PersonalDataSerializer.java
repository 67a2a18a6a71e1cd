package io.policyhub.app.axon;

import io.policyhub.platform.privacy.PersonalDataCipher;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's serializer with crypto-shredding: what is written for a type with personal data (see
 * {@link PersonalDataCipher}) has those fields encrypted, and what is read has them decrypted, or null
 * once the person was erased. Events, snapshots and dead letters pass through it; everything else is
 * the wrapped serializer's work unchanged (a deposit costs one map lookup here).
 */
final class PersonalDataSerializer implements Serializer {

    private final Serializer serializer;
    private final PersonalDataCipher cipher;
    private final JsonMapper json = JsonMapper.builder().build();

    PersonalDataSerializer(Serializer serializer, PersonalDataCipher cipher) {
        this.serializer = serializer;
        this.cipher = cipher;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        SerializedObject<T> plain = serializer.serialize(object, expectedRepresentation);
        if (object == null || !cipher.protects(object.getClass())) {
            return plain;
        }
        ObjectNode tree = tree(plain.getData(), expectedRepresentation);
        cipher.seal(object.getClass(), tree);
        return new SimpleSerializedObject<>(getConverter().convert(json.writeValueAsBytes(tree), byte[].class, expectedRepresentation),
                expectedRepresentation, plain.getType());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return serializer.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = serializer.classForType(serializedObject.getType());
        if (!cipher.protects(type)) {
            return serializer.deserialize(serializedObject);
        }
        ObjectNode tree = tree(serializedObject.getData(), serializedObject.getContentType());
        cipher.open(type, tree);
        return serializer.deserialize(new SimpleSerializedObject<>(json.writeValueAsBytes(tree), byte[].class, serializedObject.getType()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return serializer.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return serializer.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return serializer.getConverter();
    }

    private <T> ObjectNode tree(T data, Class<T> representation) {
        JsonNode node = json.readTree(getConverter().convert(data, representation, byte[].class));
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException("A record with personal data serialized to " + node.getNodeType());
        }
        return object;
    }
}
