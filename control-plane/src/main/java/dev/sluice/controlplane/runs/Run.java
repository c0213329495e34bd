package dev.sluice.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run: one batch of files, converted by one job run per attempt. Changes make new values.
 *
 * @param reprocessOf for a run made by reprocessing recorded files, the selection it came from
 *     (e.g. {@code prefix 'incoming/2026-11/'}); {@code null} for a batch of new arrivals
 */
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
        Instant finishedAt,
        String reprocessOf) {

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

    /** Told to callers so that none mirrors the status table: a terminal run never changes again. */
    @JsonProperty("terminal")
    public boolean terminal() {
        return status.isTerminal();
    }

    /** What may be asked of the run now ({@code retry}); the caller's role decides who may ask it. */
    @JsonProperty("actions")
    public List<String> actions() {
        return status.isRetryable() ? List.of("retry") : List.of();
    }

    public boolean attemptsLeft() {
        return attempt < maxAttempts;
    }

    Run withStatus(RunStatus next, Instant now) {
        return change(c -> {
            c.status = next;
            c.updatedAt = now;
            c.finishedAt = next.isTerminal() ? now : null;
        });
    }

    Run withJob(String newJobRunId, String newManifestUri) {
        return change(c -> {
            c.jobRunId = newJobRunId;
            c.manifestUri = newManifestUri;
        });
    }

    Run withError(String message) {
        return change(c -> c.errorMessage = message);
    }

    Run withNextAttemptAt(Instant when) {
        return change(c -> c.nextAttemptAt = when);
    }

    /** The next attempt starts afresh: no job run, no error, no counts yet; the cost so far stays. */
    Run nextAttempt(Instant when, Instant now) {
        return change(c -> {
            c.status = RunStatus.QUEUED;
            c.attempt = attempt + 1;
            c.jobRunId = null;
            c.manifestUri = null;
            c.errorMessage = null;
            c.rows = RowCounts.NONE;
            c.nextAttemptAt = when;
            c.updatedAt = now;
            c.finishedAt = null;
        });
    }

    /** A manual retry may go beyond the policy's attempts: it is one more, on purpose. */
    Run allowingOneMoreAttempt() {
        return change(c -> c.maxAttempts = Math.max(maxAttempts, attempt));
    }

    /** Row counts of this attempt, and its job run's cost added to the run's. */
    Run withResults(RowCounts newRows, JobUsage attemptUsage) {
        return change(c -> {
            c.rows = newRows;
            c.usage = usage.plus(attemptUsage);
        });
    }

    private Run change(Consumer<Changes> edit) {
        Changes c = new Changes(this);
        edit.accept(c);
        return new Run(
                id,
                pipeline,
                c.status,
                c.attempt,
                c.maxAttempts,
                jobName,
                c.jobRunId,
                c.manifestUri,
                c.errorMessage,
                fileCount,
                totalBytes,
                c.rows,
                c.usage,
                c.nextAttemptAt,
                createdAt,
                c.updatedAt,
                c.finishedAt,
                reprocessOf);
    }

    /** The fields a run's life changes; the batch it was made from never does. */
    private static final class Changes {
        RunStatus status;
        int attempt;
        int maxAttempts;
        String jobRunId;
        String manifestUri;
        String errorMessage;
        RowCounts rows;
        JobUsage usage;
        Instant nextAttemptAt;
        Instant updatedAt;
        Instant finishedAt;

        Changes(Run run) {
            status = run.status;
            attempt = run.attempt;
            maxAttempts = run.maxAttempts;
            jobRunId = run.jobRunId;
            manifestUri = run.manifestUri;
            errorMessage = run.errorMessage;
            rows = run.rows;
            usage = run.usage;
            nextAttemptAt = run.nextAttemptAt;
            updatedAt = run.updatedAt;
            finishedAt = run.finishedAt;
        }
    }
}
