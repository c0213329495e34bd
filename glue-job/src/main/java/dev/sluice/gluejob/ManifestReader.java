package dev.sluice.gluejob;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.manifest.RunManifest;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Reads the run manifest the control plane wrote, checking what the job relies on. */
final class ManifestReader {

    // Spark's Jackson 2 maps the shared record; unknown fields are a newer control plane's.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ManifestReader() {}

    /** @throws IllegalArgumentException naming {@code source} and the field at fault */
    static RunManifest read(byte[] json, String source) {
        RunManifest manifest;
        try {
            manifest = JSON.readValue(json, RunManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest " + source + " is not a run manifest: " + e.getMessage(), e);
        }
        check(manifest, source);
        return manifest;
    }

    private static void check(RunManifest manifest, String source) {
        String ingestDate = manifest.ingestDate();
        try {
            LocalDate.parse(Objects.requireNonNull(ingestDate, "missing"));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "manifest " + source + ": ingestDate '" + ingestDate + "' is not a date (yyyy-MM-dd)");
        }
        for (int i = 0; i < manifest.files().size(); i++) {
            RunManifest.ManifestFile f = manifest.files().get(i);
            if (f == null || f.uri() == null || f.uri().isBlank()) {
                throw new IllegalArgumentException("manifest " + source + ": files[" + i + "] has no uri");
            }
        }
    }
}
