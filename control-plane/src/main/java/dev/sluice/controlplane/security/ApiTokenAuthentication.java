package dev.sluice.controlplane.security;

import java.util.Collection;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller authenticated by a Sluice API token; it carries the token's id and name, never its
 * secret. The name is what people read, the id ({@link CallerId}) what Sluice compares.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String id;
    private final String name;

    /** A stored token: its id is {@code token#<id>}. */
    ApiTokenAuthentication(long tokenId, String name, Set<Role> roles) {
        this(CallerId.ofToken(tokenId), name, roles);
    }

    ApiTokenAuthentication(String id, String name, Set<Role> roles) {
        super(authorities(roles));
        this.id = id;
        this.name = name;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(Set<Role> roles) {
        return roles.stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority()))
                .toList();
    }

    String id() {
        return id;
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
