package dev.sluice.controlplane.security;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.stereotype.Component;

/**
 * JWTs from the identity provider named by {@code sluice.security.jwt.issuer-uri}: signature
 * (keys from the issuer's discovery document, fetched on first use, so Sluice starts while the
 * provider is away), issuer, expiry and, when configured, audience; then name and roles.
 */
@Component
@ConditionalOnProperty("sluice.security.jwt.issuer-uri")
class JwtAuthentication {

    private static final Logger log = LoggerFactory.getLogger(JwtAuthentication.class);

    private final JwtAuthenticationProvider provider;
    private final String issuer;

    JwtAuthentication(SecurityProperties properties) {
        SecurityProperties.Jwt settings = properties.jwt();
        issuer = settings.issuerUri().toString();
        SupplierJwtDecoder decoder = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder nimbus = JwtDecoders.fromIssuerLocation(issuer);
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
            validators.add(JwtValidators.createDefaultWithIssuer(issuer));
            settings.requiredAudience()
                    .ifPresent(audience -> validators.add(new JwtClaimValidator<List<String>>(
                            JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
            nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return nimbus;
        });
        provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(new JwtRoles(settings));
    }

    Authentication authenticate(BearerTokenAuthenticationToken token) {
        try {
            return provider.authenticate(token);
        } catch (JwtDecoderInitializationException e) {
            log.warn(
                    "Cannot load the signing keys of the identity provider {}: {}",
                    issuer,
                    NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            throw new InvalidBearerTokenException("the identity provider could not be reached to check the JWT");
        }
    }
}
