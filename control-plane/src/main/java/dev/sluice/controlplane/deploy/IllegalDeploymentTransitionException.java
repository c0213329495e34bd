package dev.sluice.controlplane.deploy;

/** A status change the deployment state machine does not allow; a bug, never a caller's mistake. */
class IllegalDeploymentTransitionException extends IllegalStateException {

    IllegalDeploymentTransitionException(String deploymentId, DeploymentStatus from, DeploymentStatus to) {
        super("deployment " + deploymentId + " cannot go from " + from + " to " + to);
    }
}
