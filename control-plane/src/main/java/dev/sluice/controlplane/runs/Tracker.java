package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.logging.LogContext;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.manifest.RunReport;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows active runs to their end. Each pass leases the runs it looks at, so that only one
 * replica polls a given run at a time. Also recovers runs left STARTING by a crash between
 * claiming and recording the job run.
 */
@Component
class Tracker {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);

    private final Pipelines pipelines;
    private final RunStore runs;
    private final RunTransitions transitions;
    private final ManifestWriter manifests;
    private final RunReports reports;
    private final JobExecutor executor;
    private final FileArrivals arrivals;
    private final ObjectStore store;
    private final RunsProperties properties;
    private final ReplicaId replica;
    private final Clock clock;

    Tracker(
            Pipelines pipelines,
            RunStore runs,
            RunTransitions transitions,
            ManifestWriter manifests,
            RunReports reports,
            JobExecutor executor,
            FileArrivals arrivals,
            ObjectStore store,
            RunsProperties properties,
            ReplicaId replica,
            Clock clock) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.transitions = transitions;
        this.manifests = manifests;
        this.reports = reports;
        this.executor = executor;
        this.arrivals = arrivals;
        this.store = store;
        this.properties = properties;
        this.replica = replica;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sluice.runs.poll-interval:5s}")
    void poll() {
        for (Run run : runs.leaseActive(replica.value(), clock.instant(), properties.lease(), 100)) {
            try {
                follow(run);
            } catch (RuntimeException e) {
                log.warn("Following run {} failed; next pass retries: {}", run.id(), e.toString());
            }
        }
    }

    void follow(Run run) {
        try (var logged = LogContext.run(run.id())) {
            followLogged(run);
        }
    }

    private void followLogged(Run run) {
        Optional<Pipeline> pipeline = pipelines.find(run.pipeline());
        if (pipeline.isEmpty()) {
            log.warn("Run {} belongs to pipeline {} which is no longer configured", run.id(), run.pipeline());
            return;
        }
        if (run.status() == RunStatus.STARTING) {
            recoverStart(run, pipeline.get());
            return;
        }
        JobRunState state = executor.state(run.jobName(), run.jobRunId());
        Backoff.Policy retry = Backoff.Policy.of(pipeline.get().settings().retry());
        switch (state.phase()) {
            case RUNNING -> {}
            case SUCCEEDED -> succeed(run, pipeline.get(), state);
            case FAILED -> transitions.fail(run, outcome(RunStatus.FAILED, state), retry);
            case TIMEOUT -> transitions.fail(run, outcome(RunStatus.TIMEOUT, state), retry);
            case STOPPED -> transitions.fail(run, outcome(RunStatus.STOPPED, state), retry);
        }
    }

    private void succeed(Run run, Pipeline pipeline, JobRunState state) {
        Optional<RunReport> report = reports.read(pipeline.settings(), run.id());
        Run.RowCounts rows = report.map(r -> new Run.RowCounts(r.rowsRead(), r.rowsWritten(), r.rowsRejected()))
                .orElse(run.rows());
        Map<Long, String> fileErrors = report.map(r -> fileErrors(run, r)).orElse(Map.of());
        transitions.succeed(run, rows, new Run.JobUsage(state.executionSeconds(), state.dpuSeconds()), fileErrors);
    }

    /** The run's files that the report says failed as a whole, by file id. */
    private Map<Long, String> fileErrors(Run run, RunReport report) {
        Map<String, String> errorsByUri = new HashMap<>();
        report.files().forEach(f -> f.error().ifPresent(e -> errorsByUri.put(f.uri(), e)));
        Map<Long, String> errors = new HashMap<>();
        for (RecordedFile file : arrivals.ofRun(run.id())) {
            String error = errorsByUri.get(store.uri(new Location(file.bucket(), file.key())));
            if (error != null) {
                errors.put(file.id(), error);
            }
        }
        return errors;
    }

    /**
     * A run STARTING for longer than the grace period lost its starter: if the executor has a job
     * run for this attempt it is adopted, otherwise the run goes back to the queue.
     */
    private void recoverStart(Run run, Pipeline pipeline) {
        if (run.updatedAt().isAfter(clock.instant().minus(properties.startGrace()))) {
            return;
        }
        JobRequest request = manifests.write(run, pipeline.settings());
        Optional<String> found = executor.find(request);
        if (found.isPresent()) {
            transitions.apply(
                    run,
                    r -> r.withStatus(RunStatus.RUNNING, clock.instant()).withJob(found.get(), request.manifestUri()),
                    "adopted job run " + found.get() + " after an interrupted start");
        } else {
            transitions.apply(
                    run,
                    r -> r.withStatus(RunStatus.QUEUED, clock.instant()).withNextAttemptAt(clock.instant()),
                    "start was interrupted before a job run began; queued again");
        }
    }

    private static RunTransitions.Outcome outcome(RunStatus status, JobRunState state) {
        String error = state.errorMessage() == null ? "no error message from the executor" : state.errorMessage();
        // STOPPED is somebody's decision, not a fault: it is not retried; nor is what would recur.
        return new RunTransitions.Outcome(
                status,
                error,
                new Run.JobUsage(state.executionSeconds(), state.dpuSeconds()),
                status != RunStatus.STOPPED && state.retryable());
    }
}
