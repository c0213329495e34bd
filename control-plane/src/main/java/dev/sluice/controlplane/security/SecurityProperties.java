package dev.sluice.controlplane.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.security.*}: who may call the API.
 *
 * @param bootstrapToken an ADMIN token accepted as is (from {@code SLUICE_BOOTSTRAP_TOKEN}); empty for none
 * @param generateBootstrapToken when no bootstrap token is given, generate one and print it once at start-up
 * @param bootstrapName the caller's name when the bootstrap token is used
 * @param jwt JWTs from an identity provider; off unless an issuer is set
 * @param cors origins whose pages may call the API from a browser; none by default
 */
@Validated
@ConfigurationProperties("sluice.security")
public record SecurityProperties(
        @DefaultValue("") String bootstrapToken,
        @DefaultValue("true") boolean generateBootstrapToken,
        @DefaultValue("bootstrap-admin") @NotBlank String bootstrapName,
        @Valid @DefaultValue Jwt jwt,
        @Valid @DefaultValue Cors cors) {

    /** A bootstrap token must be hard to guess: at least 24 characters. */
    @AssertTrue(message = "SLUICE_BOOTSTRAP_TOKEN (sluice.security.bootstrap-token) must have at least 24 characters")
    public boolean isBootstrapTokenLongEnough() {
        return bootstrapToken == null || bootstrapToken.isEmpty() || bootstrapToken.length() >= 24;
    }

    @Override
    public String toString() {
        // The bootstrap token is a secret: never print it with the properties.
        return "SecurityProperties[bootstrapToken=" + (bootstrapToken.isEmpty() ? "none" : "***") + ", jwt=" + jwt
                + ", cors=" + cors + "]";
    }

    /**
     * @param issuerUri the identity provider's issuer; its OpenID discovery document gives the signing keys
     * @param audience when set, a JWT must name it in {@code aud}
     * @param rolesClaim the claim with the caller's roles, a dotted path for nested claims
     *     ({@code realm_access.roles}); a list or a space- or comma-separated string
     * @param nameClaim the claim that names the caller (requester and approver of deployments)
     * @param roleMappings identity-provider role names to Sluice roles; a value equal to a role's name
     *     (any case) maps to that role without an entry here
     */
    public record Jwt(
            URI issuerUri,
            @DefaultValue("") String audience,
            @DefaultValue("roles") @NotBlank String rolesClaim,
            @DefaultValue("sub") @NotBlank String nameClaim,
            @DefaultValue Map<String, @NotNull Role> roleMappings) {

        public boolean enabled() {
            return issuerUri != null;
        }

        public Optional<String> requiredAudience() {
            return Optional.of(audience).filter(a -> !a.isBlank());
        }
    }

    /** @param allowedOrigins e.g. {@code https://ops.example.com}; empty keeps cross-origin calls out */
    public record Cors(@DefaultValue List<@NotBlank String> allowedOrigins) {}
}
