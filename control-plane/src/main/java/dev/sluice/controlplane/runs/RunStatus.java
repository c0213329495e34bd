package dev.sluice.controlplane.runs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a run. Only the transitions listed here are legal; a failed, timed-out or stopped
 * run goes back to QUEUED only as a new attempt (by the retry policy or an operator).
 *
 * <p>{@link #PARTIALLY_SUCCEEDED}: the job ran to its end but some of the run's files could not
 * be converted as a whole (their reasons are on the files and in the run's error message). It is
 * a status of its own rather than SUCCEEDED with a flag beside it, because the status is what
 * every reader of a run already looks at and filters on (the API's {@code status} filter, the
 * dashboard, the {@code status} tag of {@code sluice.runs.finished}, release smoke checks and
 * "last successful run"), and each of them would otherwise go on taking the run for a full
 * success. Like SUCCEEDED it is final: another attempt would fail the same files again.
 */
public enum RunStatus {
    QUEUED,
    STARTING,
    RUNNING,
    SUCCEEDED,
    PARTIALLY_SUCCEEDED,
    FAILED,
    TIMEOUT,
    STOPPED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == PARTIALLY_SUCCEEDED || this == FAILED || this == TIMEOUT || this == STOPPED;
    }

    /** Whether an operator may ask for another attempt now (a starting run may yet be running). */
    public boolean isRetryable() {
        return canMoveTo(QUEUED) && this != STARTING;
    }

    public boolean canMoveTo(RunStatus next) {
        return successors().contains(next);
    }

    private Set<RunStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(STARTING);
            case STARTING -> EnumSet.of(RUNNING, QUEUED, FAILED);
            case RUNNING -> EnumSet.of(SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, TIMEOUT, STOPPED);
            case FAILED, TIMEOUT, STOPPED -> EnumSet.of(QUEUED);
            case SUCCEEDED, PARTIALLY_SUCCEEDED -> EnumSet.noneOf(RunStatus.class);
        };
    }
}
