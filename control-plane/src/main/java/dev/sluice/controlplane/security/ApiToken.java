package dev.sluice.controlplane.security;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An API token as the API shows it: never its secret, only a hint of its first characters.
 *
 * @param name the caller's name is {@code token:<name>}
 */
public record ApiToken(
        long id,
        String name,
        String hint,
        Set<Role> roles,
        String createdBy,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<String> revokedBy,
        Optional<Instant> lastUsedAt) {

    public String principalName() {
        return principalName(name);
    }

    static String principalName(String tokenName) {
        return "token:" + tokenName;
    }

    boolean isActive(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
