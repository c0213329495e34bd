package dev.sluice.controlplane.runs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a run. Only the transitions listed here are legal; a failed, timed-out or stopped
 * run goes back to QUEUED only as a new attempt (by the retry policy or an operator).
 */
public enum RunStatus {
    QUEUED,
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMEOUT,
    STOPPED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMEOUT || this == STOPPED;
    }

    public boolean canMoveTo(RunStatus next) {
        return successors().contains(next);
    }

    private Set<RunStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(STARTING);
            case STARTING -> EnumSet.of(RUNNING, QUEUED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMEOUT, STOPPED);
            case FAILED, TIMEOUT, STOPPED -> EnumSet.of(QUEUED);
            case SUCCEEDED -> EnumSet.noneOf(RunStatus.class);
        };
    }
}
