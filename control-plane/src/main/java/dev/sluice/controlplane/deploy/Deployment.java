package dev.sluice.controlplane.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A plan or apply of one stack in one environment: who asked, who approved, which change set,
 * how it ended, and when each step happened. Changes make new values: a status change goes
 * through {@link #to}, which refuses what {@link DeploymentStatus} does not allow, and the
 * repository saves the new value only over the version it was made from.
 *
 * @param eventsAfter the newest stack event before the current operation; only later ones are followed
 * @param version the stored row's version, which a save compares and increments
 */
public record Deployment(
        String id,
        DeploymentStatus status,
        Request request,
        Optional<String> approvedBy,
        Optional<ChangeSet> changeSet,
        Optional<String> assetKey,
        Outcome outcome,
        Timings timings,
        @JsonIgnore Optional<String> eventsAfter,
        @JsonIgnore long version) {

    /** Told to callers so that none mirrors the status table: a terminal deployment never changes again. */
    @JsonProperty("terminal")
    public boolean terminal() {
        return status.isTerminal();
    }

    /**
     * What may be asked of the deployment now: {@code approve} and {@code reject} while it awaits
     * approval, {@code continue-rollback} when its stack's rollback failed; roles decide who may.
     */
    @JsonProperty("actions")
    public List<String> actions() {
        return switch (status) {
            case AWAITING_APPROVAL -> List.of("approve", "reject");
            case ROLLBACK_FAILED -> List.of("continue-rollback");
            default -> List.of();
        };
    }

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

    /**
     * The deployment in {@code next}, with the step times that go with it: the plan is complete on
     * reaching PLANNED or AWAITING_APPROVAL, execution starts on entering EXECUTING, and the
     * deployment finishes on entering a terminal status. Staying in the same status is a note.
     *
     * @throws IllegalDeploymentTransitionException when the status table does not allow the move
     */
    Deployment to(DeploymentStatus next, Instant now) {
        if (next != status && !status.canMoveTo(next)) {
            throw new IllegalDeploymentTransitionException(id, status, next);
        }
        boolean planned = next == DeploymentStatus.AWAITING_APPROVAL || next == DeploymentStatus.PLANNED;
        boolean started = next == DeploymentStatus.EXECUTING && status != DeploymentStatus.EXECUTING;
        boolean finished = next.isTerminal() && status != next;
        Timings t = new Timings(
                timings.created(),
                planned ? Optional.of(now) : timings.planned(),
                timings.decided(),
                started ? Optional.of(now) : timings.started(),
                finished ? Optional.of(now) : timings.finished());
        return new Deployment(id, next, request, approvedBy, changeSet, assetKey, outcome, t, eventsAfter, version);
    }

    /** The change list is complete although the status does not say so (NO_CHANGES, APPROVED at once). */
    Deployment planComplete(Instant now) {
        return withTimings(new Timings(
                timings.created(), Optional.of(now), timings.decided(), timings.started(), timings.finished()));
    }

    /** An approver decided (approved or rejected) now. */
    Deployment decidedBy(String approver, Instant now) {
        Timings t = new Timings(
                timings.created(), timings.planned(), Optional.of(now), timings.started(), timings.finished());
        return new Deployment(
                id, status, request, Optional.of(approver), changeSet, assetKey, outcome, t, eventsAfter, version);
    }

    Deployment withChangeSet(ChangeSet value) {
        return new Deployment(
                id, status, request, approvedBy, Optional.of(value), assetKey, outcome, timings, eventsAfter, version);
    }

    Deployment withAssetKey(Optional<String> key) {
        return new Deployment(id, status, request, approvedBy, changeSet, key, outcome, timings, eventsAfter, version);
    }

    Deployment withEventsAfter(Optional<String> eventId) {
        return new Deployment(id, status, request, approvedBy, changeSet, assetKey, outcome, timings, eventId, version);
    }

    Deployment withStackStatus(String value) {
        Outcome o = outcome;
        return withOutcome(
                new Outcome(Optional.of(value), o.failedResource(), o.failureReason(), o.remedy(), o.warning()));
    }

    /** Why it failed; the failed resource found earlier, if any, stays. */
    Deployment failedBecause(String reason) {
        Outcome o = outcome;
        return withOutcome(
                new Outcome(o.stackStatus(), o.failedResource(), Optional.of(reason), o.remedy(), o.warning()));
    }

    /** Why it failed and at which resource. */
    Deployment failedAt(Optional<String> resource, String reason) {
        Outcome o = outcome;
        return withOutcome(new Outcome(o.stackStatus(), resource, Optional.of(reason), o.remedy(), o.warning()));
    }

    /** What an operator does next; empty when nothing remains to be done by hand. */
    Deployment withRemedy(Optional<String> value) {
        Outcome o = outcome;
        return withOutcome(new Outcome(o.stackStatus(), o.failedResource(), o.failureReason(), value, o.warning()));
    }

    /** A new warning replaces the earlier one; without one, the earlier warning stays. */
    Deployment noting(Optional<String> warning) {
        if (warning.isEmpty()) {
            return this;
        }
        Outcome o = outcome;
        return withOutcome(new Outcome(o.stackStatus(), o.failedResource(), o.failureReason(), o.remedy(), warning));
    }

    /** The value as saved over {@code version}: one version later. */
    Deployment saved() {
        return new Deployment(
                id, status, request, approvedBy, changeSet, assetKey, outcome, timings, eventsAfter, version + 1);
    }

    private Deployment withOutcome(Outcome value) {
        return new Deployment(
                id, status, request, approvedBy, changeSet, assetKey, value, timings, eventsAfter, version);
    }

    private Deployment withTimings(Timings value) {
        return new Deployment(
                id, status, request, approvedBy, changeSet, assetKey, outcome, value, eventsAfter, version);
    }
}
