package io.policyhub.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import io.policyhub.api.common.DataSubject;
import io.policyhub.api.common.PersonalData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encrypts and decrypts the {@link PersonalData} fields of a serialized event (a JSON tree) with the
 * key of its {@link DataSubject}. Each field's JSON value is sealed on its own with AES-GCM, bound to
 * the person and the field's path, and written as {@code "pd1:<base64>"}; every other field stays as
 * it was, so the stored event keeps its shape. A field whose key was forgotten reads as null. Values
 * stored before this protection existed (no {@code pd1:} prefix) are read as they are.
 */
public final class PersonalDataCipher {

    static final String PREFIX = "pd1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a type's personal fields are: the subject's field and the paths of the personal ones. */
    private record Layout(String subject, List<List<String>> personal) {
        static final Layout NONE = new Layout(null, List.of());
    }

    private final PersonalDataKeys keys;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Class<?>, Layout> layouts = new ConcurrentHashMap<>();

    public PersonalDataCipher(PersonalDataKeys keys) {
        this.keys = keys;
    }

    /** Whether values of this type carry personal data (then they are passed through {@link #seal} and {@link #open}). */
    public boolean protects(Class<?> type) {
        return layout(type) != Layout.NONE;
    }

    /** Encrypts the personal fields of a serialized {@code type} in place. */
    public void seal(Class<?> type, ObjectNode tree) {
        Layout layout = layout(type);
        UUID subject = subjectOf(tree, layout);
        SecretKey key = keys.keyFor(subject);
        for (List<String> path : layout.personal()) {
            ObjectNode parent = parentOf(tree, path);
            String field = path.get(path.size() - 1);
            JsonNode value = parent == null ? null : parent.get(field);
            if (value != null && !value.isNull()) {
                parent.put(field, PREFIX + Base64.getEncoder().encodeToString(
                        crypt(Cipher.ENCRYPT_MODE, key, aad(subject, path), value.toString().getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    /** Decrypts the personal fields in place; those of an erased person become null. */
    public void open(Class<?> type, ObjectNode tree) {
        Layout layout = layout(type);
        UUID subject = subjectOf(tree, layout);
        Optional<SecretKey> key = Optional.empty();
        boolean keyLooked = false;
        for (List<String> path : layout.personal()) {
            ObjectNode parent = parentOf(tree, path);
            String field = path.get(path.size() - 1);
            JsonNode value = parent == null ? null : parent.get(field);
            if (value == null || !value.isString() || !value.asString().startsWith(PREFIX)) {
                continue;
            }
            if (!keyLooked) {
                key = keys.existingKeyFor(subject);
                keyLooked = true;
            }
            if (key.isEmpty()) {
                parent.putNull(field);
            } else {
                byte[] sealed = Base64.getDecoder().decode(value.asString().substring(PREFIX.length()));
                parent.set(field, json.readTree(new String(crypt(Cipher.DECRYPT_MODE, key.get(), aad(subject, path), sealed),
                        StandardCharsets.UTF_8)));
            }
        }
    }

    private static UUID subjectOf(ObjectNode tree, Layout layout) {
        JsonNode subject = tree.get(layout.subject());
        if (subject == null || !subject.isString()) {
            throw new IllegalArgumentException("An event with personal data names no data subject in " + layout.subject());
        }
        return UUID.fromString(subject.asString());
    }

    private static ObjectNode parentOf(ObjectNode tree, List<String> path) {
        JsonNode node = tree;
        for (String step : path.subList(0, path.size() - 1)) {
            node = node.get(step);
            if (node == null || !node.isObject()) {
                return null;
            }
        }
        return (ObjectNode) node;
    }

    private static byte[] aad(UUID subject, List<String> path) {
        return (subject + "/" + String.join("/", path)).getBytes(StandardCharsets.UTF_8);
    }

    /** AES-GCM; a sealed value is its IV followed by the ciphertext and tag. */
    private static byte[] crypt(int mode, SecretKey key, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] iv = new byte[IV_BYTES];
                RANDOM.nextBytes(iv);
                cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
                cipher.updateAAD(aad);
                byte[] sealed = cipher.doFinal(input);
                byte[] out = new byte[IV_BYTES + sealed.length];
                System.arraycopy(iv, 0, out, 0, IV_BYTES);
                System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
                return out;
            }
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, input, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, IV_BYTES, input.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Personal data cannot be " + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted"), e);
        }
    }

    private Layout layout(Class<?> type) {
        return layouts.computeIfAbsent(type, PersonalDataCipher::layoutOf);
    }

    private static Layout layoutOf(Class<?> type) {
        if (!type.isRecord()) {
            return Layout.NONE;
        }
        String subject = null;
        for (var component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(DataSubject.class)) {
                subject = component.getName();
            }
        }
        List<List<String>> personal = new ArrayList<>();
        collect(type, List.of(), personal);
        if (personal.isEmpty()) {
            return Layout.NONE;
        }
        if (subject == null) {
            throw new IllegalStateException(type.getName() + " carries personal data but names no @DataSubject");
        }
        return new Layout(subject, List.copyOf(personal));
    }

    /** The personal fields of a record and of the records nested in it (a profile, a driver). */
    private static void collect(Class<?> type, List<String> prefix, List<List<String>> personal) {
        for (var component : type.getRecordComponents()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(component.getName());
            if (component.isAnnotationPresent(PersonalData.class)) {
                personal.add(List.copyOf(path));
            } else if (component.getType().isRecord() && component.getType().getName().startsWith("io.policyhub.")) {
                collect(component.getType(), path, personal);
            }
        }
    }
}
