package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.logging.LogContext;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts queued runs within each pipeline's cap on concurrent runs: claims them (QUEUED → STARTING)
 * under the pipeline lock, writes the manifest and asks the executor to start the job. A refusal
 * (concurrency limit, throttling) puts the run back in the queue with a backoff; nothing is dropped.
 * A start whose outcome is unknown (5xx, connection lost) is never repeated blindly: the run stays
 * STARTING and the tracker finds out whether the job run began.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Pipelines pipelines;
    private final RunStore runs;
    private final PipelineLock lock;
    private final RunTransitions transitions;
    private final ManifestWriter manifests;
    private final JobExecutor executor;
    private final RunMetrics metrics;
    private final RunsProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Dispatcher(
            Pipelines pipelines,
            RunStore runs,
            PipelineLock lock,
            RunTransitions transitions,
            ManifestWriter manifests,
            JobExecutor executor,
            RunMetrics metrics,
            RunsProperties properties,
            TransactionTemplate transaction,
            Clock clock) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.lock = lock;
        this.transitions = transitions;
        this.manifests = manifests;
        this.executor = executor;
        this.metrics = metrics;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sluice.runs.dispatch-interval:1s}")
    void dispatch() {
        for (Pipeline pipeline : pipelines.all()) {
            try {
                claim(pipeline).forEach(run -> start(run, pipeline));
            } catch (RuntimeException e) {
                log.warn("Dispatching pipeline {} failed; next pass retries: {}", pipeline.name(), e.toString());
            }
        }
    }

    private List<Run> claim(Pipeline pipeline) {
        return transaction.execute(status -> {
            if (!lock.tryLock(pipeline.name())) {
                return List.<Run>of();
            }
            int free = pipeline.settings().maxConcurrentRuns() - runs.countActive(pipeline.name());
            if (free <= 0) {
                return List.<Run>of();
            }
            return runs.lockDue(pipeline.name(), clock.instant(), free).stream()
                    .map(run -> {
                        Run starting = run.withStatus(RunStatus.STARTING, clock.instant());
                        runs.save(run, starting, "claimed for start", clock.instant());
                        return starting;
                    })
                    .toList();
        });
    }

    private void start(Run run, Pipeline pipeline) {
        try (var logged = LogContext.run(run.id())) {
            JobRequest request;
            try {
                request = manifests.write(run, pipeline.settings());
            } catch (RuntimeException e) {
                // Without its manifest no job run can have started: queueing again is safe.
                requeue(run, pipeline, e);
                return;
            }
            String jobRunId;
            try {
                jobRunId = executor.start(request);
            } catch (JobMissingException e) {
                transitions.fail(
                        run,
                        new RunTransitions.Outcome(RunStatus.FAILED, e.getMessage(), Run.JobUsage.NONE, false),
                        Backoff.Policy.of(pipeline.settings().retry()));
                return;
            } catch (JobStartRefusedException e) {
                requeue(run, pipeline, e);
                return;
            } catch (RuntimeException e) {
                // The answer is lost, not necessarily the start: starting again could run the
                // same files twice. The run stays STARTING; the tracker looks for its job run by
                // run id and attempt once the start grace has passed, and adopts or requeues it.
                log.warn(
                        "Starting run {} ended without an answer ({}); the tracker resolves it after {}",
                        run.id(),
                        e.toString(),
                        properties.startGrace());
                metrics.dispatchBackoff(pipeline.name());
                return;
            }
            metrics.started(pipeline.name());
            try {
                transitions.apply(
                        run,
                        r -> r.withStatus(RunStatus.RUNNING, clock.instant()).withJob(jobRunId, request.manifestUri()),
                        "job run " + jobRunId + " started");
            } catch (RuntimeException e) {
                // The run stays STARTING with its job run under way; the tracker adopts it, so it
                // is never started a second time.
                log.warn(
                        "Job run {} of run {} started but could not be recorded: {}", jobRunId, run.id(), e.toString());
            }
        }
    }

    private void requeue(Run run, Pipeline pipeline, RuntimeException cause) {
        var delay = Backoff.jitter(properties.startRetryDelay().multipliedBy(2));
        String reason = cause instanceof JobStartRefusedException ? cause.getMessage() : cause.toString();
        transitions.apply(
                run,
                r -> r.withStatus(RunStatus.QUEUED, clock.instant())
                        .withNextAttemptAt(clock.instant().plus(delay)),
                "start refused, retrying in " + delay.toSeconds() + " s: " + reason);
        metrics.dispatchBackoff(pipeline.name());
    }
}
