package dev.sluice.controlplane.ingest;

import java.time.Instant;

/**
 * A file as recorded. {@code versionId} is the S3 version id that arrived, {@code ""} on an
 * unversioned bucket; {@code versionTag} is what names the version once (version id or ETag).
 */
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
        Instant receivedAt,
        String versionId) {}
