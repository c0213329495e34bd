package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    @Test
    void tokensAreLongRandomAndStoredOnlyAsTheirHash() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            tokens.add(TokenSecrets.generate());
        }
        assertThat(tokens).hasSize(100).allSatisfy(t -> assertThat(t).matches("sluice_[A-Za-z0-9_-]{43}"));

        String token = tokens.iterator().next();
        assertThat(TokenSecrets.hash(token)).hasSize(64).doesNotContain(token.substring(7));
        assertThat(TokenSecrets.sameHash(TokenSecrets.hash(token), TokenSecrets.hash(token)))
                .isTrue();
        assertThat(TokenSecrets.hint(token)).hasSize(12).endsWith("…").startsWith("sluice_");
    }
}
