package dev.sluice.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the job writes to {@code <output>/_reports/<run id>.json} when it ends. Fields the control
 * plane does not read (the schema, timings) are ignored, so the job may report more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunReport(long runId, long rowsRead, long rowsWritten, long rowsRejected, List<FileReport> files) {

    /** One file's outcome; {@code error} is set when the file failed as a whole. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileReport(String uri, long rowsRead, long rowsWritten, long rowsRejected, String error) {}
}
