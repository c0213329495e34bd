package dev.sluice.controlplane.deploy;

public class DeploymentNotFoundException extends RuntimeException {

    public DeploymentNotFoundException(String id) {
        super("deployment " + id + " does not exist");
    }
}
