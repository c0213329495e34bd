package dev.sluice.controlplane.releases;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a release stands in one environment of its path. Only the moves listed in
 * {@link #successors()} are legal: a stage follows its deployment forward (it may skip what the
 * deployment went through between two looks), and a stage that has not started ends when its
 * release does.
 */
public enum StageStatus {
    /** Not started: an earlier environment comes first, or the stack is busy with another deployment. */
    PENDING(false),
    /** An application release whose infrastructure exports are missing or older than it needs. */
    WAITING_FOR_INFRASTRUCTURE(false),
    /** Publishing the pinned assets and planning (creating the change set). */
    DEPLOYING(false),
    /** The plan is ready; an approver other than the requester decides. */
    AWAITING_APPROVAL(false),
    /** The change set is executing. */
    APPLYING(false),
    /** Applied; a sample CSV went to the environment's input bucket and its run must succeed. */
    SMOKE_CHECK(false),
    SUCCEEDED(true),
    FAILED(true),
    REJECTED(true),
    SUPERSEDED(true),
    /** Never started, because an earlier stage did not succeed. */
    CANCELLED(true);

    private final boolean terminal;

    StageStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    public boolean canMoveTo(StageStatus next) {
        return successors().contains(next);
    }

    private Set<StageStatus> successors() {
        return switch (this) {
            case PENDING, WAITING_FOR_INFRASTRUCTURE ->
                EnumSet.of(PENDING, WAITING_FOR_INFRASTRUCTURE, DEPLOYING, FAILED, SUPERSEDED, CANCELLED);
            case DEPLOYING ->
                EnumSet.of(AWAITING_APPROVAL, APPLYING, SMOKE_CHECK, SUCCEEDED, FAILED, REJECTED, SUPERSEDED);
            case AWAITING_APPROVAL -> EnumSet.of(APPLYING, SMOKE_CHECK, SUCCEEDED, FAILED, REJECTED, SUPERSEDED);
            case APPLYING -> EnumSet.of(SMOKE_CHECK, SUCCEEDED, FAILED, SUPERSEDED);
            case SMOKE_CHECK -> EnumSet.of(SUCCEEDED, FAILED);
            case SUCCEEDED, FAILED, REJECTED, SUPERSEDED, CANCELLED -> EnumSet.noneOf(StageStatus.class);
        };
    }

    /** Waiting for something outside the release: a newer release may replace it here. */
    boolean isWaiting() {
        return this == PENDING || this == WAITING_FOR_INFRASTRUCTURE || this == AWAITING_APPROVAL;
    }
}
