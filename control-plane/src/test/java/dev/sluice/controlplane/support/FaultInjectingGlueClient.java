package dev.sluice.controlplane.support;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

/**
 * The emulator's Glue with faults it cannot produce itself: moto's job runs always succeed, never
 * fail, time out or stop, and it refuses starts for MaxConcurrentRuns only when runs do not finish
 * at once. Faults are scripted per job name; everything else goes to the emulator unchanged.
 */
public final class FaultInjectingGlueClient implements GlueClient {

    private final GlueClient emulator;
    private final Map<String, Deque<JobRun>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private final Map<String, JobRun> scriptedRuns = new ConcurrentHashMap<>();
    private final Map<String, Consumer<StartJobRunRequest>> onStart = new ConcurrentHashMap<>();

    public FaultInjectingGlueClient(GlueClient emulator) {
        this.emulator = emulator;
    }

    /** The next job runs of this job end with these states and messages, one per job run polled. */
    public void endNextRuns(String jobName, JobRunState state, String message, int times) {
        Deque<JobRun> queue = outcomes.computeIfAbsent(jobName, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(JobRun.builder()
                    .jobName(jobName)
                    .jobRunState(state)
                    .errorMessage(message)
                    .executionTime(61)
                    .maxCapacity(2.0)
                    .build());
        }
    }

    /** Each started job run of this job does this first, as the job would (write its report, say). */
    public void onStart(String jobName, Consumer<StartJobRunRequest> action) {
        onStart.put(jobName, action);
    }

    /** The next starts of this job are refused with ConcurrentRunsExceededException. */
    public void refuseNextStarts(String jobName, int times) {
        refusals.put(jobName, times);
    }

    @Override
    public StartJobRunResponse startJobRun(StartJobRunRequest request) {
        Integer left = refusals.computeIfPresent(request.jobName(), (k, n) -> n - 1);
        if (left != null && left >= 0) {
            throw ConcurrentRunsExceededException.builder()
                    .message("Concurrent runs exceeded for " + request.jobName())
                    .statusCode(400)
                    .build();
        }
        StartJobRunResponse response = emulator.startJobRun(request);
        onStart.getOrDefault(request.jobName(), r -> {}).accept(request);
        Deque<JobRun> scripted = outcomes.get(request.jobName());
        JobRun outcome = scripted == null ? null : scripted.poll();
        if (outcome != null) {
            scriptedRuns.put(
                    response.jobRunId(),
                    outcome.toBuilder()
                            .id(response.jobRunId())
                            .arguments(request.arguments())
                            .startedOn(Instant.now())
                            .build());
        }
        return response;
    }

    @Override
    public StartJobRunResponse startJobRun(Consumer<StartJobRunRequest.Builder> request) {
        return startJobRun(StartJobRunRequest.builder().applyMutation(request).build());
    }

    @Override
    public GetJobRunResponse getJobRun(GetJobRunRequest request) {
        JobRun scripted = scriptedRuns.get(request.runId());
        return scripted != null ? GetJobRunResponse.builder().jobRun(scripted).build() : emulator.getJobRun(request);
    }

    @Override
    public GetJobRunResponse getJobRun(Consumer<GetJobRunRequest.Builder> request) {
        return getJobRun(GetJobRunRequest.builder().applyMutation(request).build());
    }

    @Override
    public GetJobRunsResponse getJobRuns(GetJobRunsRequest request) {
        return emulator.getJobRuns(request);
    }

    @Override
    public String serviceName() {
        return emulator.serviceName();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
