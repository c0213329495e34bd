package dev.sluice.controlplane.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT into a caller: the name from the configured claim, the roles from the
 * configured roles claim through the role mappings. Values that map to no role are ignored.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.Jwt settings;

    JwtRoles(SecurityProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = Optional.ofNullable(jwt.getClaimAsString(settings.nameClaim()))
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> new InvalidBearerTokenException(
                        "the JWT has no '" + settings.nameClaim() + "' claim to name the caller"));
        Collection<GrantedAuthority> authorities = roles(jwt).stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority()))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, name);
    }

    Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        values(claim(jwt.getClaims(), settings.rolesClaim())).forEach(value -> {
            Role mapped = settings.roleMappings().get(value);
            if (mapped != null) {
                roles.add(mapped);
            } else {
                Role.parse(value).ifPresent(roles::add);
            }
        });
        return roles;
    }

    /** The claim at a dotted path such as {@code realm_access.roles}. */
    private static Object claim(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static Stream<String> values(Object claim) {
        if (claim instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast);
        }
        if (claim instanceof String text) {
            return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty());
        }
        return List.<String>of().stream();
    }
}
