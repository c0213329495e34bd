package dev.sluice.controlplane.deploy;

import java.time.Instant;
import java.util.Optional;

/**
 * A plan or apply of one stack in one environment: who asked, who approved, which change set,
 * how it ended, and when each step happened.
 */
public record Deployment(
        String id,
        DeploymentStatus status,
        Request request,
        Optional<String> approvedBy,
        Optional<ChangeSet> changeSet,
        Optional<String> assetKey,
        Outcome outcome,
        Timings timings) {

    /**
     * What was asked for, and by whom.
     *
     * @param requestedById the requester's stable id, which four-eyes checks compare; empty for old rows
     * @param after for stack=all, the deployment this one waits for
     * @param pinned the exact template and jar to deploy (a release's); empty for the configured ones
     * @param holdForApproval waits for an approver even where the environment does not require one
     */
    public record Request(
            String environment,
            StackKind stack,
            String stackName,
            DeploymentAction action,
            String requestedBy,
            Optional<String> requestedById,
            Optional<String> after,
            Optional<PinnedContent> pinned,
            boolean holdForApproval) {}

    /** @param type CREATE or UPDATE */
    public record ChangeSet(String name, Optional<String> id, Optional<String> type) {}

    /**
     * How the stack ended up.
     *
     * @param failedResource the first resource that failed, when the stack rolled back
     * @param remedy what an operator does next when the stack needs a hand (UPDATE_ROLLBACK_FAILED, export in use)
     * @param warning something that went wrong without failing the deployment
     */
    public record Outcome(
            Optional<String> stackStatus,
            Optional<String> failedResource,
            Optional<String> failureReason,
            Optional<String> remedy,
            Optional<String> warning) {}

    /** When each step happened; the duration of a step is the difference of two of them. */
    public record Timings(
            Instant created,
            Optional<Instant> planned,
            Optional<Instant> decided,
            Optional<Instant> started,
            Optional<Instant> finished) {}

    public String environment() {
        return request.environment();
    }

    public StackKind stack() {
        return request.stack();
    }
}
