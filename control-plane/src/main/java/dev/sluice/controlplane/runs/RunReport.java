package dev.sluice.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the job writes to {@code <output>/_reports/<run id>.json} when it ends. Fields the control
 * plane does not read (the schema, timings) are ignored, so the job may report more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunReport(long runId, long rowsRead, long rowsWritten, long rowsRejected, List<FileReport> files) {

    /**
     * One file's outcome; {@code error} is set when the file failed as a whole. {@code bytesRead}
     * is the file's size as stored, compressed when {@code compression} (gzip, zstd, bzip2) says
     * so, and {@code uncompressedBytes} the size of its CSV text; they are null when the job did
     * not report them.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileReport(
            String uri,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            String error,
            Long bytesRead,
            String compression,
            Long uncompressedBytes) {

        /** A file that was not converted: nothing read is reported. */
        public static FileReport failed(String uri, String error) {
            return new FileReport(uri, 0, 0, 0, error, null, null, null);
        }
    }
}
