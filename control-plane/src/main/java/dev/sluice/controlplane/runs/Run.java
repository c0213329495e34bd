package dev.sluice.controlplane.runs;

import java.time.Instant;

/** A run: one batch of files, converted by one job run per attempt. Changes make new values. */
public record Run(
        long id,
        String pipeline,
        RunStatus status,
        int attempt,
        int maxAttempts,
        String jobName,
        String jobRunId,
        String manifestUri,
        String errorMessage,
        int fileCount,
        long totalBytes,
        RowCounts rows,
        JobUsage usage,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    /** Rows the job read, wrote and rejected, from its run report; empty until a report is read. */
    public record RowCounts(Long read, Long written, Long rejected) {
        static final RowCounts NONE = new RowCounts(null, null, null);
    }

    /**
     * What the job runs cost, summed over the run's attempts: Glue's execution time and
     * DPU-seconds; empty for local runs.
     */
    public record JobUsage(Integer executionSeconds, Double dpuSeconds) {
        static final JobUsage NONE = new JobUsage(null, null);

        JobUsage plus(JobUsage other) {
            return new JobUsage(sum(executionSeconds, other.executionSeconds), sum(dpuSeconds, other.dpuSeconds));
        }

        private static Integer sum(Integer a, Integer b) {
            return a == null ? b : b == null ? a : Integer.valueOf(a + b);
        }

        private static Double sum(Double a, Double b) {
            return a == null ? b : b == null ? a : Double.valueOf(a + b);
        }
    }

    public boolean attemptsLeft() {
        return attempt < maxAttempts;
    }

    Run withStatus(RunStatus next, Instant now) {
        Instant finished = next.isTerminal() ? now : null;
        return new Run(
                id,
                pipeline,
                next,
                attempt,
                maxAttempts,
                jobName,
                jobRunId,
                manifestUri,
                errorMessage,
                fileCount,
                totalBytes,
                rows,
                usage,
                nextAttemptAt,
                createdAt,
                now,
                finished);
    }

    Run withJob(String newJobRunId, String newManifestUri) {
        return new Run(
                id,
                pipeline,
                status,
                attempt,
                maxAttempts,
                jobName,
                newJobRunId,
                newManifestUri,
                errorMessage,
                fileCount,
                totalBytes,
                rows,
                usage,
                nextAttemptAt,
                createdAt,
                updatedAt,
                finishedAt);
    }

    Run withError(String message) {
        return new Run(
                id,
                pipeline,
                status,
                attempt,
                maxAttempts,
                jobName,
                jobRunId,
                manifestUri,
                message,
                fileCount,
                totalBytes,
                rows,
                usage,
                nextAttemptAt,
                createdAt,
                updatedAt,
                finishedAt);
    }

    Run withNextAttemptAt(Instant when) {
        return new Run(
                id,
                pipeline,
                status,
                attempt,
                maxAttempts,
                jobName,
                jobRunId,
                manifestUri,
                errorMessage,
                fileCount,
                totalBytes,
                rows,
                usage,
                when,
                createdAt,
                updatedAt,
                finishedAt);
    }

    /** The next attempt starts afresh: no job run, no error, no counts yet; the cost so far stays. */
    Run nextAttempt(Instant when, Instant now) {
        return new Run(
                id,
                pipeline,
                RunStatus.QUEUED,
                attempt + 1,
                maxAttempts,
                jobName,
                null,
                null,
                null,
                fileCount,
                totalBytes,
                RowCounts.NONE,
                usage,
                when,
                createdAt,
                now,
                null);
    }

    /** A manual retry may go beyond the policy's attempts: it is one more, on purpose. */
    Run allowingOneMoreAttempt() {
        return new Run(
                id,
                pipeline,
                status,
                attempt,
                Math.max(maxAttempts, attempt),
                jobName,
                jobRunId,
                manifestUri,
                errorMessage,
                fileCount,
                totalBytes,
                rows,
                usage,
                nextAttemptAt,
                createdAt,
                updatedAt,
                finishedAt);
    }

    /** Row counts of this attempt, and its job run's cost added to the run's. */
    Run withResults(RowCounts newRows, JobUsage attemptUsage) {
        return new Run(
                id,
                pipeline,
                status,
                attempt,
                maxAttempts,
                jobName,
                jobRunId,
                manifestUri,
                errorMessage,
                fileCount,
                totalBytes,
                newRows,
                usage.plus(attemptUsage),
                nextAttemptAt,
                createdAt,
                updatedAt,
                finishedAt);
    }
}
