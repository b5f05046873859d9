package dev.engram.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The API key format: {@code egm_<key id, 32 hex>_<secret, 43 base64url chars>}. The key id is public (it is how the
 * key is found and how operators refer to it); the secret is 256 random bits of which only the SHA-256 is stored.
 * A slow password hash would add nothing for a 256-bit random secret and would cost every request.
 */
public final class ApiKeys {

    static final String PREFIX = "egm_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeys() {
    }

    /** A new key: its id, the full key text (shown once) and the hash to store. */
    public record NewKey(UUID id, String key, byte[] secretHash) {
    }

    /** A presented key split into its id and secret; empty when it does not have the format at all. */
    public record Presented(UUID id, String secret) {
    }

    public static NewKey generate() {
        UUID id = UUID.randomUUID();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(id, PREFIX + HEX.formatHex(toBytes(id)) + "_" + secretText, hash(secretText));
    }

    public static Optional<Presented> parse(String key) {
        if (key == null || key.length() != PREFIX.length() + 32 + 1 + 43 || !key.startsWith(PREFIX)
                || key.charAt(PREFIX.length() + 32) != '_') {
            return Optional.empty();
        }
        String hexId = key.substring(PREFIX.length(), PREFIX.length() + 32);
        String secret = key.substring(PREFIX.length() + 33);
        if (!hexId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                || !secret.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
            return Optional.empty();
        }
        byte[] raw = HEX.parseHex(hexId);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (raw[i] & 0xff);
            lsb = (lsb << 8) | (raw[8 + i] & 0xff);
        }
        return Optional.of(new Presented(new UUID(msb, lsb), secret));
    }

    /** True when the secret hashes to the stored hash (constant-time comparison). */
    public static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }

    /** The non-secret part for logs and listings: {@code egm_<id>_…}. */
    public static String redact(UUID id) {
        return PREFIX + HEX.formatHex(toBytes(id)) + "_…";
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static byte[] toBytes(UUID id) {
        byte[] b = new byte[16];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) msb;
            msb >>>= 8;
            b[8 + i] = (byte) lsb;
            lsb >>>= 8;
        }
        return b;
    }
}
