package dev.sluice.controlplane.accounts;

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
        String name,
        String accountId,
        String region,
        String deployerRoleArn,
        Optional<String> executionRoleArn,
        String externalId,
        boolean requiresApproval,
        boolean terminationProtection,
        Map<String, String> parameters,
        Optional<URI> endpoint) {

    public Environment {
        parameters = Map.copyOf(parameters);
    }

    /** The CloudFormation stack that holds the given part of Sluice in this environment. */
    public String stackName(String stack) {
        return "sluice-" + name + "-" + stack;
    }

    @Override
    public String toString() {
        // The external id is a shared secret: keep it out of logs.
        return "Environment[" + name + ", account " + accountId + ", " + region + "]";
    }
}
