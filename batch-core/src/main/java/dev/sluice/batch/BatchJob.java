package dev.sluice.batch;

import dev.sluice.batch.storage.ObjectLocation;
import java.util.Objects;

/**
 * One attempt of a run as the executor that runs it knows it: the job run, the pipeline's output
 * and the table. The manifest says which files.
 *
 * @param output the pipeline's output prefix, under which the layout of the run contract applies
 */
public record BatchJob(
        String jobName,
        String jobRunId,
        long runId,
        int attempt,
        ObjectLocation output,
        String database,
        String table,
        String processingJob) {

    public BatchJob {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobRunId, "jobRunId");
        output = output.asPrefix();
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(processingJob, "processingJob");
    }

    /** A key of the run contract's output layout, under the output. */
    public ObjectLocation at(String key) {
        return output.resolve(key);
    }
}
