package dev.sluice.controlplane.pipelines;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a pipeline stands: its newest run, what waits, and the last 24 hours.
 *
 * @param queuedFiles files recorded and waiting for a batch
 * @param activeRuns runs queued, starting or running
 * @param runsLast24h runs created in the last 24 hours
 * @param failuresLast24h attempts that ended FAILED, TIMEOUT or STOPPED in the last 24 hours
 * @param rowsWrittenLast24h rows written by runs that succeeded in the last 24 hours
 * @param glueCostLast24h Glue's charge for runs that finished in the last 24 hours; empty in embedded mode
 * @param lastError the newest attempt that ended with an error
 */
public record PipelineStatus(
        Optional<LastRun> lastRun,
        long queuedFiles,
        long activeRuns,
        long runsLast24h,
        long failuresLast24h,
        long rowsWrittenLast24h,
        Optional<GlueCost> glueCostLast24h,
        Optional<LastError> lastError) {

    /**
     * What Glue charged: DPU-seconds at the configured price per DPU-hour, as the runs feature
     * prices them (the same shape and schema name as a run's cost).
     */
    public record GlueCost(double dpuSeconds, BigDecimal amount, String currency) {}

    public record LastRun(long id, String status, Instant createdAt, Optional<Instant> finishedAt) {}

    public record LastError(long runId, int attempt, String message, Instant at) {}

    /** The same status with the last error's message as {@code show} makes it. */
    PipelineStatus withErrorMessage(UnaryOperator<String> show) {
        return new PipelineStatus(
                lastRun,
                queuedFiles,
                activeRuns,
                runsLast24h,
                failuresLast24h,
                rowsWrittenLast24h,
                glueCostLast24h,
                lastError.map(e -> new LastError(e.runId(), e.attempt(), show.apply(e.message()), e.at())));
    }
}
