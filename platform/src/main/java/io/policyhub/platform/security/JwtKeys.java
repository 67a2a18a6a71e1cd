package io.policyhub.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA keys of the access tokens, each named by its key id ({@code kid}: the RFC 7638 thumbprint
 * of its public key). {@code private-key.pem} with {@code public-key.pem} sign; public keys in
 * {@code retired-*.pem} still verify the tokens signed before a rotation, until those expire. All
 * public keys are published at {@code /.well-known/jwks.json}. In the local profile a pair is
 * generated on first start and reused afterwards, so tokens survive restarts.
 *
 * <p>Rotation: move {@code public-key.pem} to {@code retired-<date>.pem}, put the new pair in place,
 * restart the roles one by one; after an access token's lifetime the retired file can go.
 */
public record JwtKeys(RSAKey signing, List<RSAKey> verifying) {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
    static final String PRIVATE_KEY_FILE = "private-key.pem";
    static final String PUBLIC_KEY_FILE = "public-key.pem";
    static final String RETIRED_KEYS = "retired-*.pem";

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
            RSAKey signing;
            try (InputStream privateIn = Files.newInputStream(privateKey)) {
                RSAPrivateKey secret = RsaKeyConverters.pkcs8().convert(privateIn);
                signing = named(new RSAKey.Builder(publicKeyIn(publicKey)).privateKey(secret));
            }
            List<RSAKey> verifying = new ArrayList<>(List.of(signing.toPublicJWK()));
            try (DirectoryStream<Path> retired = Files.newDirectoryStream(properties.keyDir(), RETIRED_KEYS)) {
                for (Path file : retired) {
                    verifying.add(named(new RSAKey.Builder(publicKeyIn(file))));
                }
            }
            return new JwtKeys(signing, List.copyOf(verifying));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the JWT keys from " + properties.keyDir(), e);
        }
    }

    /** The public keys, as the JWKS endpoint publishes them. */
    public JWKSet publicKeys() {
        return new JWKSet(List.copyOf(verifying));
    }

    private static RSAPublicKey publicKeyIn(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RsaKeyConverters.x509().convert(in);
        }
    }

    private static RSAKey named(RSAKey.Builder key) {
        try {
            return key.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute a key id", e);
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
