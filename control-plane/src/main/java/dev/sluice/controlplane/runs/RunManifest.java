package dev.sluice.controlplane.runs;

import java.util.List;

/**
 * The file list of one attempt, written next to the output before the job starts; the job reads it
 * through {@code --manifest}. {@code ingestDate} is the run's creation date, so that every attempt
 * writes the same partition and a retry replaces what a failed attempt left.
 */
public record RunManifest(
        long runId,
        int attempt,
        String pipeline,
        String processingJob,
        String ingestDate,
        String outputBucket,
        String outputPrefix,
        String database,
        String table,
        List<ManifestFile> files) {

    public record ManifestFile(long fileId, String uri, String bucket, String key, long size, String etag) {}
}
