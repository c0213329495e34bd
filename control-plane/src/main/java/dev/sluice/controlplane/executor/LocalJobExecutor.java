package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.runs.JobExecutor;
import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.runs.JobStartRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode's job executor: runs {@link EmbeddedBatchJob} on a bounded pool in this process.
 * A job run lives only as long as the process; after a restart its run is reported failed, so the
 * retry policy runs it again over the same files.
 */
final class LocalJobExecutor implements JobExecutor {

    private static final Logger log = LoggerFactory.getLogger(LocalJobExecutor.class);
    private static final Duration KEEP_FINISHED = Duration.ofHours(1);

    private final EmbeddedBatchJob job;
    private final ExecutorService pool;
    private final Clock clock;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    LocalJobExecutor(EmbeddedBatchJob job, ExecutorService pool, Clock clock) {
        this.job = job;
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String start(JobRequest request) {
        forgetOldExecutions();
        String id = "local-" + UUID.randomUUID();
        try {
            CompletableFuture<JobRunState> result = CompletableFuture.supplyAsync(
                    () -> outOfMemoryIsFinal(() -> job.run(request, id), request, id), pool);
            executions.put(id, new Execution(result, clock.instant()));
        } catch (RejectedExecutionException e) {
            throw new JobStartRefusedException("the local executor is shutting down", e);
        }
        return id;
    }

    /**
     * A job run that runs the heap out fails for good, logged at ERROR: another attempt over the
     * same files would only hold the memory again (and slow everything else in this process) and
     * end the same way. A file refused for a limit (too many columns) is not this: the job reports
     * it as that file's failure and goes on with the others.
     */
    static JobRunState outOfMemoryIsFinal(Supplier<JobRunState> job, JobRequest request, String jobRunId) {
        try {
            return job.get();
        } catch (OutOfMemoryError e) {
            log.error(
                    "Run {}: job run {} ran out of memory ({}); not retried, another attempt over the same files"
                            + " would too",
                    request.runId(),
                    jobRunId,
                    e.getMessage());
            return JobRunState.failedForGood("the conversion ran out of memory (" + e.getMessage()
                    + "); another attempt over the same files would too: give the control plane more heap (-Xmx)"
                    + " or send smaller or narrower files");
        }
    }

    @Override
    public JobRunState state(String jobName, String jobRunId) {
        Execution execution = executions.get(jobRunId);
        if (execution == null) {
            return JobRunState.failed(
                    "job run " + jobRunId + " is unknown to this process: the control plane restarted while it ran");
        }
        if (!execution.result().isDone()) {
            return JobRunState.running();
        }
        return execution
                .result()
                .exceptionally(e -> JobRunState.failed(
                        e.getCause() == null ? e.toString() : e.getCause().toString()))
                .join();
    }

    @Override
    public Optional<String> find(JobRequest request) {
        return Optional.empty();
    }

    private void forgetOldExecutions() {
        Instant horizon = clock.instant().minus(KEEP_FINISHED);
        executions.values().removeIf(e -> e.result().isDone() && e.startedAt().isBefore(horizon));
    }

    private record Execution(CompletableFuture<JobRunState> result, Instant startedAt) {}
}
