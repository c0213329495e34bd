package dev.sluice.gluejob;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * The files of one attempt of a run, as the control plane writes them ({@code --manifest}).
 * {@code ingestDate} is the run's creation date, so that every attempt writes the same partition.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ManifestFile(long fileId, String uri, String bucket, String key, long size, String etag) {}

    public RunManifest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * Reads a manifest, checking what the job relies on.
     *
     * @throws IllegalArgumentException naming {@code source} and the field at fault
     */
    public static RunManifest read(byte[] json, String source) {
        RunManifest manifest;
        try {
            manifest = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                    .readValue(json, RunManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest " + source + " is not a run manifest: " + e.getMessage(), e);
        }
        manifest.check(source);
        return manifest;
    }

    private void check(String source) {
        try {
            LocalDate.parse(Objects.requireNonNull(ingestDate, "missing"));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "manifest " + source + ": ingestDate '" + ingestDate + "' is not a date (yyyy-MM-dd)");
        }
        for (int i = 0; i < files.size(); i++) {
            ManifestFile f = files.get(i);
            if (f == null || f.uri() == null || f.uri().isBlank()) {
                throw new IllegalArgumentException("manifest " + source + ": files[" + i + "] has no uri");
            }
        }
    }
}
