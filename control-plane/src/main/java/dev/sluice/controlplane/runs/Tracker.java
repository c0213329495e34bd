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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** The longest wait between asks for a job run the executor cannot tell about. */
    private static final Duration MAX_ASK_BACKOFF = Duration.ofMinutes(2);

    /** Asks for a run's job run that went unanswered, and when to ask next. */
    private record Unanswered(int asks, Instant retryAt) {}

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
    private final Map<Long, Unanswered> unanswered = new ConcurrentHashMap<>();

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
        Instant now = clock.instant();
        // Runs another replica finished while this one could not ask are forgotten.
        unanswered.values().removeIf(u -> u.retryAt().isBefore(now.minus(MAX_ASK_BACKOFF.multipliedBy(2))));
        for (Run run : runs.leaseActive(replica.value(), now, properties.lease(), 100)) {
            Unanswered waiting = unanswered.get(run.id());
            if (waiting != null && waiting.retryAt().isAfter(now)) {
                continue;
            }
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
        Optional<JobRunState> asked = ask(run);
        if (asked.isEmpty()) {
            return;
        }
        JobRunState state = asked.get();
        Backoff.Policy retry = Backoff.Policy.of(pipeline.get().settings().retry());
        switch (state.phase()) {
            case RUNNING -> {}
            case SUCCEEDED -> succeed(run, pipeline.get(), state);
            case FAILED -> transitions.fail(run, outcome(RunStatus.FAILED, refusal(run, pipeline.get(), state)), retry);
            case TIMEOUT -> transitions.fail(run, outcome(RunStatus.TIMEOUT, state), retry);
            case STOPPED -> transitions.fail(run, outcome(RunStatus.STOPPED, state), retry);
        }
    }

    /**
     * The job run's state, or empty when the executor could not say (throttling, 5xx, unreachable).
     * Not knowing is not a failure: the run stays RUNNING and is asked again after a backoff that
     * grows with each unanswered ask, logged when it starts and when it ends, not at every ask.
     */
    private Optional<JobRunState> ask(Run run) {
        JobRunState state;
        try {
            state = executor.state(run.jobName(), run.jobRunId());
        } catch (RuntimeException e) {
            Unanswered before = unanswered.get(run.id());
            int asks = before == null ? 1 : before.asks() + 1;
            Duration delay = new Backoff.Policy(properties.pollInterval(), MAX_ASK_BACKOFF).delayAfter(asks);
            unanswered.put(run.id(), new Unanswered(asks, clock.instant().plus(delay)));
            if (before == null) {
                log.warn(
                        "Cannot ask for job run {} of run {}; it stays {} and is asked again with backoff: {}",
                        run.jobRunId(),
                        run.id(),
                        run.status(),
                        e.toString());
            } else {
                log.debug("Still cannot ask for job run {} ({} asks): {}", run.jobRunId(), asks, e.toString());
            }
            return Optional.empty();
        }
        Unanswered before = unanswered.remove(run.id());
        if (before != null) {
            log.info(
                    "Job run {} of run {} answers again after {} unanswered asks",
                    run.jobRunId(),
                    run.id(),
                    before.asks());
        }
        return Optional.of(state);
    }

    private void succeed(Run run, Pipeline pipeline, JobRunState state) {
        Optional<RunReport> report = reports.read(pipeline.settings(), run.id());
        Run.RowCounts rows = report.map(r -> new Run.RowCounts(r.rowsRead(), r.rowsWritten(), r.rowsRejected()))
                .orElse(run.rows());
        RunTransitions.FileOutcomes files =
                report.map(r -> fileOutcomes(run, r)).orElse(RunTransitions.FileOutcomes.NONE);
        transitions.succeed(run, rows, new Run.JobUsage(state.executionSeconds(), state.dpuSeconds()), files);
        report.flatMap(RunReport::catalog)
                .flatMap(RunReport.CatalogChange::snapshot)
                .ifPresent(s -> runs.recordSnapshot(run.id(), s));
    }

    /**
     * The run's files that the report says failed as a whole or were quarantined, and what it notes
     * of how files were converted, by file id.
     */
    private RunTransitions.FileOutcomes fileOutcomes(Run run, RunReport report) {
        Map<String, RunReport.FileReport> byUri = new HashMap<>();
        report.files().forEach(f -> byUri.put(f.uri(), f));
        Map<Long, String> errors = new HashMap<>();
        Set<Long> quarantined = new HashSet<>();
        Map<Long, String> notes = new HashMap<>();
        for (RecordedFile file : arrivals.ofRun(run.id())) {
            RunReport.FileReport reported = byUri.get(store.uri(new Location(file.bucket(), file.key())));
            if (reported == null) {
                continue;
            }
            if (reported.failed()) {
                errors.put(file.id(), reported.error().orElseThrow());
                if (reported.quarantined()) {
                    quarantined.add(file.id());
                }
            }
            if (!reported.note().isEmpty()) {
                notes.put(file.id(), reported.note());
            }
        }
        return new RunTransitions.FileOutcomes(errors, quarantined, notes);
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

    /**
     * The state, made final when the attempt's own report says the table refused the batch's schema
     * (a conflicting type, a frozen table): the table only widens, so another attempt over the same
     * files would be refused the same way. The run keeps its files for a retry once the pipeline's
     * schema mode or the files are changed.
     */
    private JobRunState refusal(Run run, Pipeline pipeline, JobRunState state) {
        boolean refused = reports.read(pipeline.settings(), run.id())
                .filter(r -> r.attempt() == run.attempt() && !r.conflicts().isEmpty())
                .isPresent();
        if (!refused) {
            return state;
        }
        log.warn("Run {} attempt {}: the table refused the batch's schema; not retried", run.id(), run.attempt());
        return new JobRunState(
                state.phase(),
                Objects.toString(state.errorMessage(), "the table refused the batch's schema")
                        + " (not retried: another attempt over the same files would be refused too)",
                state.executionSeconds(),
                state.dpuSeconds(),
                false);
    }

    static RunTransitions.Outcome outcome(RunStatus status, JobRunState state) {
        String error = state.errorMessage() == null ? "no error message from the executor" : state.errorMessage();
        // STOPPED is somebody's decision, not a fault: it is not retried; nor is what would recur.
        return new RunTransitions.Outcome(
                status,
                error,
                new Run.JobUsage(state.executionSeconds(), state.dpuSeconds()),
                status != RunStatus.STOPPED && state.retryable());
    }
}
