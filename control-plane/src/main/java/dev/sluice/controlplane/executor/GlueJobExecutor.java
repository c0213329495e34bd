package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.runs.JobExecutor;
import dev.sluice.controlplane.runs.JobMissingException;
import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.runs.JobRunState.Phase;
import dev.sluice.controlplane.runs.JobStartRefusedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Runs jobs on AWS Glue. The run id and attempt travel as job arguments, which is how a run whose
 * start was interrupted is found again. Concurrency limits, throttling and other 4xx answers are
 * refusals to retry later; a server error or a lost connection leaves the outcome unknown and is
 * thrown as it is; a missing job fails the run at once.
 */
public final class GlueJobExecutor implements JobExecutor {

    static final String RUN_ID = "--run_id";
    static final String ATTEMPT = "--attempt";

    /**
     * StartJobRun is not idempotent: a retry after an answer that was lost on the way back starts a
     * second job run over the same files. So the SDK never retries it; the dispatcher and tracker
     * resolve an unknown outcome by looking for the job run by its run id and attempt.
     */
    static final SdkPlugin NO_RETRIES =
            config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .build());

    private final GlueClient glue;

    public GlueJobExecutor(GlueClient glue) {
        this.glue = glue;
    }

    @Override
    public String start(JobRequest request) {
        try {
            return glue.startJobRun(b -> b.jobName(request.jobName())
                            .arguments(arguments(request))
                            .overrideConfiguration(o -> o.addPlugin(NO_RETRIES)))
                    .jobRunId();
        } catch (EntityNotFoundException e) {
            throw new JobMissingException(
                    "Glue job '" + request.jobName() + "' does not exist: deploy the application"
                            + " stack for this environment (POST /api/v1/deployments with stack=application)",
                    e);
        } catch (ConcurrentRunsExceededException e) {
            throw new JobStartRefusedException("Glue job '" + request.jobName() + "' is at its MaxConcurrentRuns", e);
        } catch (GlueException e) {
            if (e.isThrottlingException() || (e.statusCode() >= 400 && e.statusCode() < 500)) {
                // Glue answered and refused: no job run began.
                throw new JobStartRefusedException(
                        "Glue refused StartJobRun (" + e.statusCode() + "): "
                                + e.awsErrorDetails().errorMessage(),
                        e);
            }
            // A 5xx, like a lost connection, leaves unknown whether the job run began.
            throw e;
        }
    }

    @Override
    public JobRunState state(String jobName, String jobRunId) {
        JobRun run = glue.getJobRun(b -> b.jobName(jobName).runId(jobRunId)).jobRun();
        Phase phase = switch (run.jobRunState()) {
            case SUCCEEDED -> Phase.SUCCEEDED;
            case FAILED, ERROR -> Phase.FAILED;
            case TIMEOUT -> Phase.TIMEOUT;
            case STOPPED -> Phase.STOPPED;
            default -> Phase.RUNNING;
        };
        return new JobRunState(phase, run.errorMessage(), run.executionTime(), dpuSeconds(run));
    }

    @Override
    public Optional<String> find(JobRequest request) {
        for (var page : glue.getJobRunsPaginator(b -> b.jobName(request.jobName()))) {
            for (JobRun run : page.jobRuns()) {
                Map<String, String> args = run.arguments();
                if (Long.toString(request.runId()).equals(args.get(RUN_ID))
                        && Integer.toString(request.attempt()).equals(args.get(ATTEMPT))) {
                    return Optional.of(run.id());
                }
            }
        }
        return Optional.empty();
    }

    /** The job arguments that the glue-job entry point reads. */
    static Map<String, String> arguments(JobRequest request) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("--manifest", request.manifestUri());
        args.put(RUN_ID, Long.toString(request.runId()));
        args.put(ATTEMPT, Integer.toString(request.attempt()));
        args.put("--output", request.outputUri());
        args.put("--database", request.database());
        args.put("--table", request.table());
        args.put("--processing_job", request.processingJob());
        return args;
    }

    /** Glue reports DPU-seconds only for auto-scaled and Flex runs; otherwise capacity × time. */
    private static Double dpuSeconds(JobRun run) {
        if (run.dpuSeconds() != null) {
            return run.dpuSeconds();
        }
        if (run.maxCapacity() != null && run.executionTime() != null) {
            return run.maxCapacity() * run.executionTime();
        }
        return null;
    }
}
