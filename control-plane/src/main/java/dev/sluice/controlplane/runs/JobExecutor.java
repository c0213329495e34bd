package dev.sluice.controlplane.runs;

import java.util.Optional;

/** The job executor port: AWS Glue, or processor-core in-process in embedded mode. */
public interface JobExecutor {

    /**
     * Starts a job run for one attempt of a run and returns the executor's id for it.
     *
     * @throws JobStartRefusedException when the executor cannot start it now but may later
     * @throws JobMissingException when the job does not exist at all
     * @throws RuntimeException of any other kind when the outcome is unknown: the job run may have
     *     started, and {@link #find} tells later
     */
    String start(JobRequest request);

    JobRunState state(String jobName, String jobRunId);

    /** The job run started for this attempt, if one was, for recovery after a crash mid-start. */
    Optional<String> find(JobRequest request);
}
