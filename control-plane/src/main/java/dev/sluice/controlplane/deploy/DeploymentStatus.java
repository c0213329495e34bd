package dev.sluice.controlplane.deploy;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a deployment stands. Each change is stored before anything acts on it, and only the
 * moves listed in {@link #successors()} are legal; a step that fails ends the deployment FAILED
 * from wherever it was, so FAILED follows every status that is not terminal.
 */
public enum DeploymentStatus {
    /** Part of stack=all, waiting for the deployment named in {@code after}. */
    QUEUED(false),
    /** Publishing assets, creating and describing the change set. */
    PLANNING(false),
    /** A plan-only request: the change list is stored, nothing was applied. */
    PLANNED(true),
    /** The change set had no changes: nothing to deploy. */
    NO_CHANGES(true),
    /** The environment requires an approver other than the requester. */
    AWAITING_APPROVAL(false),
    /** Approved (or needing no approval); about to execute. */
    APPROVED(false),
    /** The change set is executing; stack events are being recorded. */
    EXECUTING(false),
    SUCCEEDED(true),
    /** Planning or applying failed; the stack rolled back where it had started. */
    FAILED(true),
    REJECTED(true),
    /** Never started because the deployment it waited for did not succeed. */
    CANCELLED(true),
    /** UPDATE_ROLLBACK_FAILED: the stack needs a continued rollback before anything else. */
    ROLLBACK_FAILED(false),
    /** ContinueUpdateRollback was called; following the stack again. */
    CONTINUING_ROLLBACK(false);

    private final boolean terminal;

    DeploymentStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** The stack is as the deployment asked: it was applied, or there was nothing to change. */
    public boolean hasApplied() {
        return this == SUCCEEDED || this == NO_CHANGES;
    }

    /** A terminal deployment holds no claim on its stack and never changes again. */
    public boolean isTerminal() {
        return terminal;
    }

    public boolean canMoveTo(DeploymentStatus next) {
        return successors().contains(next);
    }

    private Set<DeploymentStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PLANNING, CANCELLED, FAILED);
            case PLANNING -> EnumSet.of(PLANNED, NO_CHANGES, AWAITING_APPROVAL, APPROVED, FAILED);
            case AWAITING_APPROVAL -> EnumSet.of(APPROVED, REJECTED, CANCELLED, FAILED);
            case APPROVED -> EnumSet.of(EXECUTING, FAILED);
            case EXECUTING, CONTINUING_ROLLBACK -> EnumSet.of(SUCCEEDED, FAILED, ROLLBACK_FAILED);
            case ROLLBACK_FAILED -> EnumSet.of(CONTINUING_ROLLBACK, FAILED);
            case PLANNED, NO_CHANGES, SUCCEEDED, FAILED, REJECTED, CANCELLED -> EnumSet.noneOf(DeploymentStatus.class);
        };
    }
}
