package dev.sluice.controlplane.security;

import io.swagger.v3.oas.annotations.Operation;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/me}: who the caller is to Sluice, so that the dashboard shows only what they may do. */
@RestController
class MeController {

    private final RoleHierarchy hierarchy;

    MeController(RoleHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** @param roles every role the caller holds, including those implied by another (ADMIN holds all) */
    record Caller(String name, Set<Role> roles) {}

    @GetMapping("/api/v1/me")
    @Operation(summary = "The caller's name and roles")
    Caller me(Authentication caller) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        hierarchy.getReachableGrantedAuthorities(caller.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority)
                .map(Role::parse)
                .flatMap(java.util.Optional::stream)
                .forEach(roles::add);
        return new Caller(caller.getName(), roles);
    }
}
