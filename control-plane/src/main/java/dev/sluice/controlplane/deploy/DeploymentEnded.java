package dev.sluice.controlplane.deploy;

/**
 * A deployment reached an end (SUCCEEDED, FAILED, NO_CHANGES, PLANNED, REJECTED, CANCELLED) or
 * ROLLBACK_FAILED, where its stack waits for an operator. Published in the transaction that stored
 * the status; listeners that act on the outcome listen after its commit.
 */
public record DeploymentEnded(String id, String environment, StackKind stack, DeploymentStatus status) {

    static DeploymentEnded of(Deployment deployment) {
        return new DeploymentEnded(deployment.id(), deployment.environment(), deployment.stack(), deployment.status());
    }
}
