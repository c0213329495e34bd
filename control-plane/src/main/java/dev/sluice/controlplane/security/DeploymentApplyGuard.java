package dev.sluice.controlplane.security;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The one rule that depends on what a deployment request asks: an OPERATOR may plan, and may
 * request an apply that waits for an approver; applying straight away, in an environment that
 * needs no approval, takes an ADMIN. The deployment API asks it with the request it has parsed,
 * so the rule and the deployment read the same values. The path rules demand OPERATOR before.
 */
@Component
public final class DeploymentApplyGuard {

    private final EnvironmentApprovals approvals;
    private final RoleHierarchy roles;

    DeploymentApplyGuard(EnvironmentApprovals approvals, RoleHierarchy roles) {
        this.approvals = approvals;
        this.roles = roles;
    }

    /**
     * @param plan whether the request only plans (a redeploy always applies)
     * @throws AccessDeniedException when the request applies without approval and the caller is no ADMIN
     */
    public void check(String environment, boolean plan, Authentication caller) {
        if (needsAdmin(environment, plan) && !hasAdmin(caller)) {
            throw new AccessDeniedException(
                    "role ADMIN is needed to apply without approval; an OPERATOR may plan, or request an apply"
                            + " in an environment whose applies wait for an approver");
        }
    }

    boolean needsAdmin(String environment, boolean plan) {
        if (plan) {
            return false;
        }
        Optional<Boolean> waitsForApproval = approvals.requiresApproval(environment);
        // An unknown environment is refused by the deployment service, and nothing is applied.
        return waitsForApproval.map(waits -> !waits).orElse(false);
    }

    private boolean hasAdmin(Authentication caller) {
        return caller != null
                && roles.getReachableGrantedAuthorities(caller.getAuthorities()).stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch(Role.ADMIN.authority()::equals);
    }
}
