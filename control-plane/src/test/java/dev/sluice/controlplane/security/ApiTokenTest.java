package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aTokenWorksUntilItExpiresOrIsRevoked() {
        assertThat(token(Optional.empty(), Optional.empty()).isActive(NOW)).isTrue();
        assertThat(token(Optional.of(NOW.plusSeconds(1)), Optional.empty()).isActive(NOW))
                .isTrue();
        assertThat(token(Optional.of(NOW), Optional.empty()).isActive(NOW)).isFalse();
        assertThat(token(Optional.empty(), Optional.of(NOW.minusSeconds(60))).isActive(NOW))
                .isFalse();
    }

    @Test
    void itsCallerIsNamedAfterItSoThatNoTokenPassesForAPersonOfTheIdentityProvider() {
        assertThat(token(Optional.empty(), Optional.empty()).principalName()).isEqualTo("token:ci");
    }

    private static ApiToken token(Optional<Instant> expiresAt, Optional<Instant> revokedAt) {
        return new ApiToken(
                1,
                "ci",
                "sluice_abcd…",
                Set.of(Role.VIEWER),
                "admin",
                NOW.minusSeconds(3600),
                expiresAt,
                revokedAt,
                revokedAt.map(r -> "admin"),
                Optional.empty());
    }
}
