package dev.sluice.controlplane.runs;

/**
 * What the executor says of a job run. {@code retryable} is false for a failure that another
 * attempt over the same files would only repeat (a conversion that ran out of memory).
 */
public record JobRunState(
        Phase phase, String errorMessage, Integer executionSeconds, Double dpuSeconds, boolean retryable) {

    public JobRunState(Phase phase, String errorMessage, Integer executionSeconds, Double dpuSeconds) {
        this(phase, errorMessage, executionSeconds, dpuSeconds, true);
    }

    public enum Phase {
        RUNNING,
        SUCCEEDED,
        FAILED,
        TIMEOUT,
        STOPPED
    }

    public static JobRunState running() {
        return new JobRunState(Phase.RUNNING, null, null, null);
    }

    public static JobRunState failed(String message) {
        return new JobRunState(Phase.FAILED, message, null, null);
    }

    /** A failure that retrying the same files would repeat. */
    public static JobRunState failedForGood(String message) {
        return new JobRunState(Phase.FAILED, message, null, null, false);
    }
}
