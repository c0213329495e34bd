package dev.sluice.processor;

import dev.sluice.processor.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one conversion did. {@code rowsRead} counts data records (not the header, not blank
 * lines); {@code rowsRead == rowsWritten + rowsRejected}. {@code rejectSamples} holds the first
 * rejected rows (at most {@value #MAX_SAMPLES}); all of them are in the rejects file.
 */
public record ConversionReport(
        String sourceUri,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        long bytesRead,
        Duration duration,
        Schema schema,
        Dialect dialect,
        long bytesWritten,
        Compression compression,
        List<RejectedRow> rejectSamples) {

    public static final int MAX_SAMPLES = 20;

    public ConversionReport {
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(compression, "compression");
        rejectSamples = List.copyOf(rejectSamples);
    }

    /** A report with only the counts (for callers that track runs, not schemas). */
    public ConversionReport(
            String sourceUri, long rowsRead, long rowsWritten, long rowsRejected, long bytesRead, Duration duration) {
        this(
                sourceUri,
                rowsRead,
                rowsWritten,
                rowsRejected,
                bytesRead,
                duration,
                new Schema(List.of()),
                new Dialect(',', '"', EscapeStyle.DOUBLED, true, StandardCharsets.UTF_8, false, "LF"),
                0,
                Compression.SNAPPY,
                List.of());
    }

    /** Input megabytes (10^6 bytes) per second of wall time. */
    public double megabytesPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytesRead / 1e6 / seconds;
    }

    /** The JSON conversion report: counts, bytes, duration, dialect, schema, rejected samples. */
    public String toJson() {
        return Json.report(this);
    }

    /** One line for people: {@code converted 1000 rows (2 rejected) from x.csv in 1.2 s...}. */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "%s: %d rows read, %d written, %d rejected; %d columns; %.1f MB in %.2f s (%.1f MB/s)",
                sourceUri,
                rowsRead,
                rowsWritten,
                rowsRejected,
                schema.size(),
                bytesRead / 1e6,
                duration.toNanos() / 1e9,
                megabytesPerSecond());
    }
}
