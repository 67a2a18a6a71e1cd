package io.policyhub.api.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The name-based (version 3) UUID of a name, exactly as {@link UUID#nameUUIDFromBytes} makes it from the
 * name's UTF-8 bytes. Derived ids are stored in events, so they never change. Each call copies one MD5
 * digest: {@code nameUUIDFromBytes} looks MD5 up among the security providers on every call, which was
 * nearly all of its cost (0.7 % of the app's CPU under deposits, for the caller's account id).
 */
public final class NameBasedUuids {

    private static final MessageDigest MD5;

    static {
        try {
            MD5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NameBasedUuids() {
    }

    public static UUID of(String name) {
        byte[] hash = md5().digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) (hash[6] & 0x0f | 0x30);
        hash[8] = (byte) (hash[8] & 0x3f | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static MessageDigest md5() {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MD5 digests of this JDK cannot be copied", e);
        }
    }
}
