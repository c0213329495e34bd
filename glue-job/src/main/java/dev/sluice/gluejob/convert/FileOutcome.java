package dev.sluice.gluejob.convert;

import java.io.Serializable;
import java.util.Objects;

/**
 * What became of one file of the run. {@code error} is not empty when the file failed as a whole
 * (nothing of it is in the table); {@code parquet} and {@code rejects} are the URIs written, or
 * empty.
 */
public record FileOutcome(
        int index,
        long fileId,
        String uri,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        long bytesRead,
        long bytesWritten,
        String parquet,
        String rejects,
        long millis,
        String error)
        implements Serializable {

    public FileOutcome {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(rejects, "rejects");
        Objects.requireNonNull(error, "error");
    }

    static FileOutcome failed(FileTask task, String error, String rejects, long millis) {
        return new FileOutcome(task.index(), task.fileId(), task.uri(), 0, 0, 0, 0, 0, "", rejects, millis, error);
    }

    public boolean ok() {
        return error.isEmpty();
    }
}
