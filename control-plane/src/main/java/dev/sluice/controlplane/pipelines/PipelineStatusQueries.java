package dev.sluice.controlplane.pipelines;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** A pipeline's status, asked of the features that own its files and runs. */
@Component
class PipelineStatusQueries {

    private static final Duration WINDOW = Duration.ofHours(24);

    private final QueuedFiles files;
    private final RunActivity runs;
    private final Clock clock;

    PipelineStatusQueries(QueuedFiles files, RunActivity runs, Clock clock) {
        this.files = files;
        this.runs = runs;
        this.clock = clock;
    }

    PipelineStatus status(String pipeline) {
        RunActivity.Summary activity = runs.since(pipeline, clock.instant().minus(WINDOW));
        return new PipelineStatus(
                activity.latest(),
                files.queuedFiles(pipeline),
                activity.activeRuns(),
                activity.runsSince(),
                activity.failedAttemptsSince(),
                activity.rowsWrittenSince(),
                activity.glueCostSince(),
                activity.lastError());
    }
}
