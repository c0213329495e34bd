package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class JwtRolesTest {

    private final JwtRoles roles = new JwtRoles(new SecurityProperties.Jwt(
            null, "", "realm_access.roles", "preferred_username", Map.of("ops-team", Role.OPERATOR)));

    @Test
    void rolesComeFromANestedClaimThroughTheMappingsOrByName() {
        var token = roles.convert(jwt(Map.of(
                "preferred_username",
                "alice",
                "realm_access",
                Map.of("roles", List.of("ops-team", "approver", "offline_access")))));

        assertThat(token.getName()).isEqualTo("alice");
        assertThat(token.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_APPROVER");
    }

    @Test
    void aSpaceSeparatedClaimWorksToo() {
        JwtRoles flat = new JwtRoles(new SecurityProperties.Jwt(null, "", "scope", "sub", Map.of()));

        assertThat(flat.roles(jwt(Map.of("sub", "svc", "scope", "viewer admin openid"))))
                .containsExactlyInAnyOrder(Role.VIEWER, Role.ADMIN);
    }

    @Test
    void aTokenWithoutTheNameClaimIsRefused() {
        assertThatThrownBy(() -> roles.convert(jwt(Map.of("sub", "x"))))
                .isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("preferred_username");
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
    }
}
