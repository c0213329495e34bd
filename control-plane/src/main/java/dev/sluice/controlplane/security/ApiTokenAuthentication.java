package dev.sluice.controlplane.security;

import java.util.Collection;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A caller authenticated by a Sluice API token; it carries the token's name, never its secret. */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String name;

    ApiTokenAuthentication(String name, Set<Role> roles) {
        super(authorities(roles));
        this.name = name;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority()))
                .toList();
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }
}
