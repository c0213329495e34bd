package dev.sluice.controlplane.pipelines;

import java.time.Instant;
import java.util.Optional;

/**
 * What a pipeline's runs did, as the feature that runs them tells it: the runs side of a
 * pipeline's status, with Glue's charge already priced (pricing is the runs feature's). Declared
 * here and implemented there because runs depend on pipelines.
 */
public interface RunActivity {

    Summary since(String pipeline, Instant since);

    /**
     * @param activeRuns runs queued, starting or running
     * @param runsSince runs created since then
     * @param failedAttemptsSince attempts that ended FAILED, TIMEOUT or STOPPED since then
     * @param rowsWrittenSince rows written by runs that succeeded (wholly or partly) and finished since then
     * @param glueCostSince what Glue charged for runs that finished since then; empty when none reported any
     * @param lastError the newest attempt that ended with an error
     */
    record Summary(
            Optional<PipelineStatus.LastRun> latest,
            long activeRuns,
            long runsSince,
            long failedAttemptsSince,
            long rowsWrittenSince,
            Optional<PipelineStatus.GlueCost> glueCostSince,
            Optional<PipelineStatus.LastError> lastError) {}
}
