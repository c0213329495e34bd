package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.storage.Location;

/**
 * One attempt of a run, as handed to the executor: the manifest lists the files, the rest is what
 * the job needs to know of its pipeline.
 */
public record JobRequest(
        long runId,
        int attempt,
        String jobName,
        String processingJob,
        Location manifest,
        String manifestUri,
        String outputUri,
        String database,
        String table) {}
