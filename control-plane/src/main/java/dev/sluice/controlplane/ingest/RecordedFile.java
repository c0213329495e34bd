package dev.sluice.controlplane.ingest;

import java.time.Instant;

/**
 * A file as recorded. {@code versionId} is the S3 version id that arrived, {@code ""} on an
 * unversioned bucket; {@code versionTag} is what names the version once (version id or ETag).
 *
 * @param name the file's name as its sender gave it: the last segment of the key (embedded mode
 *     keeps each arrival under a key of its own, {@code .arrivals/<md5>/<name>})
 */
public record RecordedFile(
        long id,
        String pipeline,
        String bucket,
        String key,
        String name,
        String versionTag,
        String etag,
        long size,
        FileStatus status,
        Long runId,
        String errorMessage,
        Instant receivedAt,
        String versionId) {}
