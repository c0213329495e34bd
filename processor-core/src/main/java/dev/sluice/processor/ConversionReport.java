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
 *
 * <p>{@code bytesRead} is the source file's size as stored, compressed when {@code
 * sourceCompression} says so; {@code uncompressedBytes} is the size of its CSV text (the same
 * number for a file that is not compressed). Rates are of the CSV text, so that a compressed file
 * does not look slower than the same file uncompressed.
 *
 * <p>{@code ranges} is how many byte ranges of the file threads converted at once (1 on one
 * thread); {@code oneThread} says why a conversion given several threads used one (a compressed
 * file, a cut inside a quoted field...), empty otherwise.
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
        List<RejectedRow> rejectSamples,
        SourceCompression sourceCompression,
        long uncompressedBytes,
        int ranges,
        String oneThread) {

    public static final int MAX_SAMPLES = 20;

    public ConversionReport {
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(compression, "compression");
        rejectSamples = List.copyOf(rejectSamples);
        Objects.requireNonNull(sourceCompression, "sourceCompression");
        oneThread = oneThread == null ? "" : oneThread;
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
                List.of(),
                SourceCompression.NONE,
                bytesRead,
                1,
                "");
    }

    /** Megabytes (10^6 bytes) of CSV text per second of wall time, decompressed when the file was compressed. */
    public double megabytesPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : uncompressedBytes / 1e6 / seconds;
    }

    /** Whether the source file was compressed (then {@code bytesRead} is its compressed size). */
    public boolean compressedSource() {
        return sourceCompression != SourceCompression.NONE;
    }

    /** The JSON conversion report: counts, bytes, duration, dialect, schema, rejected samples. */
    public String toJson() {
        return Json.report(this);
    }

    /**
     * One line for people: {@code x.csv: 1000 rows read, ...; 1.2 MB in 0.10 s (12.0 MB/s)}, and
     * for a compressed file {@code 0.3 MB gzip (1.2 MB of CSV) in 0.10 s (12.0 MB/s of CSV)}.
     */
    public String summary() {
        String size = compressedSource()
                ? String.format(
                        java.util.Locale.ROOT,
                        "%.1f MB %s (%.1f MB of CSV)",
                        bytesRead / 1e6,
                        sourceCompression.label(),
                        uncompressedBytes / 1e6)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytesRead / 1e6);
        return String.format(
                java.util.Locale.ROOT,
                "%s: %d rows read, %d written, %d rejected; %d columns; %s in %.2f s (%.1f MB/s%s)",
                sourceUri,
                rowsRead,
                rowsWritten,
                rowsRejected,
                schema.size(),
                size,
                duration.toNanos() / 1e9,
                megabytesPerSecond(),
                compressedSource() ? " of CSV" : "");
    }
}
