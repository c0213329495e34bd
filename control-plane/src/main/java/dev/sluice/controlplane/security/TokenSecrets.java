package dev.sluice.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Sluice's API token secrets: 256 random bits behind a recognisable prefix. Only their SHA-256
 * is stored; a slow password hash would add nothing for secrets this long and would cost on
 * every request.
 */
final class TokenSecrets {

    /** Every Sluice token starts so; a bearer token without it is a JWT. */
    static final String PREFIX = "sluice_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static boolean looksLikeSluiceToken(String token) {
        return token.startsWith(PREFIX);
    }

    /** Hex SHA-256 of the token, the only form in which a token is stored. */
    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Compares two hashes in time that does not depend on where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** A few characters that let a person tell their tokens apart in a list, never enough to use one. */
    static String hint(String token) {
        return token.substring(0, Math.min(token.length(), PREFIX.length() + 4)) + "…";
    }
}
