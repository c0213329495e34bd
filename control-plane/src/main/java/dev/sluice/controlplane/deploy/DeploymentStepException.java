package dev.sluice.controlplane.deploy;

/** A deployment step failed for a reason the operator can read and act on; the deployment ends FAILED. */
class DeploymentStepException extends RuntimeException {

    DeploymentStepException(String message) {
        super(message);
    }

    DeploymentStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
