package dev.sluice.controlplane.security;

import java.util.Optional;

/** Whether applies to an environment wait for an approver; empty for an environment Sluice does not know. */
@FunctionalInterface
interface EnvironmentApprovals {

    Optional<Boolean> requiresApproval(String environment);
}
