package dev.sluice.controlplane.deploy;

import java.util.Optional;

/** The request collides with a deployment in progress, or with the deployment's own state. */
public class DeploymentConflictException extends RuntimeException {

    private final Optional<String> blockingDeployment;

    public DeploymentConflictException(String message, Optional<String> blockingDeployment) {
        super(message);
        this.blockingDeployment = blockingDeployment;
    }

    public Optional<String> blockingDeployment() {
        return blockingDeployment;
    }
}
