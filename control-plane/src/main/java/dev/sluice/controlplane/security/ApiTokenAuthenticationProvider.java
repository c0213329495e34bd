package dev.sluice.controlplane.security;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates bearer tokens that are Sluice API tokens: the bootstrap token, or a stored token
 * that is neither revoked nor expired. Other bearer tokens are left to the JWT provider.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private final ApiTokens tokens;
    private final BootstrapToken bootstrap;
    private final Clock clock;

    ApiTokenAuthenticationProvider(ApiTokens tokens, BootstrapToken bootstrap, Clock clock) {
        this.tokens = tokens;
        this.bootstrap = bootstrap;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (bootstrap.matches(token)) {
            return new ApiTokenAuthentication(CallerId.BOOTSTRAP, bootstrap.principalName(), EnumSet.of(Role.ADMIN));
        }
        if (!TokenSecrets.looksLikeSluiceToken(token)) {
            return null;
        }
        Instant now = clock.instant();
        Optional<ApiToken> stored = tokens.findByHash(TokenSecrets.hash(token)).filter(t -> t.isActive(now));
        if (stored.isEmpty()) {
            // The same answer for unknown, revoked and expired tokens: it tells a guesser nothing.
            throw new InvalidBearerTokenException("the API token is unknown, revoked or expired");
        }
        tokens.markUsed(stored.get(), now);
        return new ApiTokenAuthentication(
                stored.get().id(), stored.get().principalName(), stored.get().roles());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
