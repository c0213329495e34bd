package dev.sluice.controlplane.ingest;

import java.time.Instant;

/** A file as recorded. */
public record RecordedFile(
        long id,
        String pipeline,
        String bucket,
        String key,
        String versionTag,
        String etag,
        long size,
        FileStatus status,
        Long runId,
        String errorMessage,
        Instant receivedAt) {}
