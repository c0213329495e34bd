package dev.sluice.controlplane.environments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment as the API shows it: where it is, how it is protected, and each of Sluice's
 * stacks there. Never its external id or role ARNs.
 */
public record EnvironmentView(
        String name,
        String accountId,
        String region,
        boolean requiresApproval,
        boolean terminationProtection,
        List<StackView> stacks) {

    /**
     * @param stack infrastructure or application
     * @param status CloudFormation's stack status, {@code NOT_DEPLOYED} when there is no stack, or
     *     {@code UNKNOWN} when the account could not be asked (then {@code error} says why)
     * @param outputs the stack's outputs by key
     */
    public record StackView(
            String stack,
            String stackName,
            String status,
            Optional<Instant> updatedAt,
            Map<String, String> outputs,
            Optional<String> error) {}
}
