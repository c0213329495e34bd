package dev.sluice.controlplane.runs;

import java.util.List;

/** What the job writes to {@code <output>/_reports/<run id>.json} when it ends. */
public record RunReport(long runId, long rowsRead, long rowsWritten, long rowsRejected, List<FileReport> files) {

    /** One file's outcome; {@code error} is set when the file failed as a whole. */
    public record FileReport(String uri, long rowsRead, long rowsWritten, long rowsRejected, String error) {}
}
