package dev.sluice.controlplane.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sluice.controlplane.storage.Location;
import java.time.Instant;

/**
 * A file as recorded. {@code versionId} is the S3 version id that arrived, {@code ""} on an
 * unversioned bucket; {@code versionTag} is what names the version once (version id or ETag).
 * {@code key} is the file's name as the user gave it; {@code storedAt} where its bytes are kept
 * (the key itself in S3), internal to Sluice and not shown. {@code conversionNote} is what the
 * run's report says of how the file was converted (why a file above the pipeline's split size went
 * as one task), or null.
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
        String versionId,
        String conversionNote,
        @JsonIgnore Location storedAt) {

    public RecordedFile withError(String message) {
        return new RecordedFile(
                id,
                pipeline,
                bucket,
                key,
                versionTag,
                etag,
                size,
                status,
                runId,
                message,
                receivedAt,
                versionId,
                conversionNote,
                storedAt);
    }
}
