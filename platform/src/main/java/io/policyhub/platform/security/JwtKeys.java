package io.policyhub.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key pair that signs (login) and verifies (every request) access tokens. Read from PEM
 * files; in the local profile a pair is generated on first start and reused afterwards, so tokens
 * survive restarts.
 */
public record JwtKeys(RSAPublicKey publicKey, RSAPrivateKey privateKey) {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
    static final String PRIVATE_KEY_FILE = "private-key.pem";
    static final String PUBLIC_KEY_FILE = "public-key.pem";

    public static JwtKeys load(JwtProperties properties) {
        if (properties.keyDir() == null) {
            throw new IllegalStateException("policyhub.security.jwt.key-dir is not set: point it at the JWT key pair");
        }
        Path privateKey = properties.keyDir().resolve(PRIVATE_KEY_FILE);
        Path publicKey = properties.keyDir().resolve(PUBLIC_KEY_FILE);
        try {
            if (!Files.exists(privateKey) && properties.generateMissingKeys()) {
                generate(privateKey, publicKey);
            }
            try (InputStream privateIn = Files.newInputStream(privateKey); InputStream publicIn = Files.newInputStream(publicKey)) {
                return new JwtKeys(RsaKeyConverters.x509().convert(publicIn), RsaKeyConverters.pkcs8().convert(privateIn));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the JWT key pair from " + properties.keyDir(), e);
        }
    }

    private static void generate(Path privateKey, Path publicKey) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        Files.createDirectories(privateKey.getParent());
        writePem(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded());
        writePem(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded());
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        log.info("Generated a JWT signing key pair in {}", privateKey.getParent());
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
