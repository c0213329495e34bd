package dev.sluice.controlplane.environments;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One target of deployments: an AWS account and region, reached by assuming the Sluice deployer
 * role there (bootstrap.yaml) with an external id.
 *
 * @param name the environment's name, also part of every stack and resource name
 * @param parameters stack parameters that override the environment's parameter file
 */
public record Environment(
        String name, Target target, Access access, Safeguards safeguards, Map<String, String> parameters) {

    /** Where the environment lives. @param endpoint one endpoint for all its AWS calls (an emulator) */
    public record Target(String accountId, String region, Optional<URI> endpoint) {}

    /**
     * How Sluice gets in.
     *
     * @param executionRoleArn the role CloudFormation acts as; empty lets it act with the deployer role
     */
    public record Access(String deployerRoleArn, Optional<String> executionRoleArn, String externalId) {
        @Override
        public String toString() {
            // The external id is a shared secret: keep it out of logs.
            return "Access[" + deployerRoleArn + ", " + executionRoleArn.orElse("no execution role") + "]";
        }
    }

    /** What protects the environment: an approver other than the requester, termination protection. */
    public record Safeguards(boolean requiresApproval, boolean terminationProtection) {}

    public Environment {
        parameters = Map.copyOf(parameters);
    }

    /** The CloudFormation stack that holds the given part of Sluice in this environment. */
    public String stackName(String stack) {
        return "sluice-" + name + "-" + stack;
    }

    public String accountId() {
        return target.accountId();
    }

    public String region() {
        return target.region();
    }

    public Optional<URI> endpoint() {
        return target.endpoint();
    }

    public String deployerRoleArn() {
        return access.deployerRoleArn();
    }

    public Optional<String> executionRoleArn() {
        return access.executionRoleArn();
    }

    public String externalId() {
        return access.externalId();
    }

    public boolean requiresApproval() {
        return safeguards.requiresApproval();
    }

    public boolean terminationProtection() {
        return safeguards.terminationProtection();
    }

    @Override
    public String toString() {
        return "Environment[" + name + ", account " + accountId() + ", " + region() + "]";
    }
}
