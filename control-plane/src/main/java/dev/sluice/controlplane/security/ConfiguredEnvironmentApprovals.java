package dev.sluice.controlplane.security;

import dev.sluice.controlplane.environments.Environments;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Asks the configured environments, the ones the deployer uses, whether applies wait for approval. */
@Component
class ConfiguredEnvironmentApprovals implements EnvironmentApprovals {

    private final Environments environments;

    ConfiguredEnvironmentApprovals(Environments environments) {
        this.environments = environments;
    }

    @Override
    public Optional<Boolean> requiresApproval(String environment) {
        return environments.find(environment).map(e -> e.safeguards().requiresApproval());
    }
}
