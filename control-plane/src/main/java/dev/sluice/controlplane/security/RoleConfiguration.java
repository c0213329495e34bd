package dev.sluice.controlplane.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/** The role hierarchy, used by the web security rules and by whoever asks what a caller may do. */
@Configuration(proxyBeanMethods = false)
class RoleConfiguration {

    /** ADMIN includes OPERATOR, APPROVER and RELEASER; each of those includes VIEWER. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.OPERATOR.name(), Role.APPROVER.name(), Role.RELEASER.name())
                .role(Role.OPERATOR.name())
                .implies(Role.VIEWER.name())
                .role(Role.APPROVER.name())
                .implies(Role.VIEWER.name())
                .role(Role.RELEASER.name())
                .implies(Role.VIEWER.name())
                .build();
    }
}
