package dev.sluice.batch.convert;

import dev.sluice.manifest.RunReport;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one file of the run. {@code error} is not empty when the file failed as a whole
 * (nothing of it is in the table); {@code parquet} and {@code rejects} are the URIs written, or
 * empty; {@code schemaJson} is the schema the file was converted with (processor-core's JSON). Its
 * rows are rows {@code firstRow} to {@code firstRow + rowsWritten - 1} of {@code parquet}, which
 * may hold other files' rows too (small files combined). A large file converted as byte ranges
 * ({@link SplitFile}) is one Parquet file per range, in {@code ranges} (the first is {@code
 * parquet}); {@code ranges} is empty for a file written as one.
 */
public record FileOutcome(
        int index,
        long fileId,
        String uri,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        long bytesRead,
        String compression,
        long uncompressedBytes,
        long bytesWritten,
        String parquet,
        String rejects,
        long firstRow,
        long millis,
        String schemaJson,
        String error,
        List<Part> ranges,
        String note)
        implements Serializable {

    /** One range's Parquet file of a file converted as ranges, and how many rows it holds. */
    public record Part(String uri, long rows) implements Serializable {
        public Part {
            Objects.requireNonNull(uri, "uri");
        }
    }

    public FileOutcome {
        ranges = List.copyOf(ranges);
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(rejects, "rejects");
        Objects.requireNonNull(schemaJson, "schemaJson");
        Objects.requireNonNull(error, "error");
    }

    /** A file that was not converted, for the reason given. */
    public static FileOutcome failed(FileTask task, String error) {
        return new FileOutcome(
                task.index(), task.fileId(), task.uri(), 0, 0, 0, 0, "", 0, 0, "", "", 0, 0, "", error, List.of(), "");
    }

    /**
     * A file whose rows an earlier attempt committed in {@code files}, as ranges or as its one
     * Parquet file: what the report of this attempt says of it.
     */
    public static FileOutcome committed(FileTask task, List<Part> files, boolean asRanges) {
        long rows = files.stream().mapToLong(Part::rows).sum();
        return new FileOutcome(
                task.index(),
                task.fileId(),
                task.uri(),
                rows,
                rows,
                0,
                0,
                "",
                0,
                0,
                files.get(0).uri(),
                "",
                0,
                0,
                "",
                "",
                asRanges ? files : List.of(),
                "");
    }

    /**
     * This file, converted but kept out of the table for {@code reason}: nothing of it is written,
     * its sizes stay to say what it was.
     */
    public FileOutcome setAside(String reason) {
        return new FileOutcome(
                index,
                fileId,
                uri,
                0,
                0,
                0,
                bytesRead,
                compression,
                uncompressedBytes,
                0,
                "",
                "",
                0,
                millis,
                "",
                reason,
                List.of(),
                "");
    }

    public boolean ok() {
        return error.isEmpty();
    }

    /** The file's entry in the run report. */
    public RunReport.FileReport toReport() {
        return new RunReport.FileReport(
                fileId,
                uri,
                rowsRead,
                rowsWritten,
                rowsRejected,
                bytesRead,
                compression,
                uncompressedBytes,
                bytesWritten,
                parquet,
                rejects,
                firstRow,
                millis / 1000.0,
                Optional.of(error),
                false,
                ranges.stream().map(Part::uri).toList(),
                note);
    }

    /** The same outcome with {@code note} for the report (see {@link RunReport.FileReport#note()}). */
    public FileOutcome noted(String note) {
        return written(parquet, rejects, firstRow, millis, ranges, note);
    }

    /** Every Parquet file of this file, with its rows: one per range, else {@code parquet} (if any). */
    public List<Part> parquetFiles() {
        if (!ranges.isEmpty()) {
            return ranges;
        }
        return parquet.isEmpty() ? List.of() : List.of(new Part(parquet, rowsWritten));
    }

    /** The same outcome, its rows in these range files. */
    FileOutcome inRanges(List<Part> parts, String rejects, long millis) {
        String first = parts.isEmpty() ? "" : parts.get(0).uri();
        return written(first, rejects, 0, this.millis + millis, parts, note);
    }

    FileOutcome withFiles(String parquet, String rejects, long millis) {
        return written(parquet, rejects, firstRow, this.millis + millis, ranges, note);
    }

    /** The same outcome, its rows at {@code firstRow} of {@code parquet} (a combined file). */
    FileOutcome at(String parquet, long firstRow) {
        return written(parquet, rejects, firstRow, millis, ranges, note);
    }

    private FileOutcome written(
            String parquet, String rejects, long firstRow, long millis, List<Part> ranges, String note) {
        return new FileOutcome(
                index,
                fileId,
                uri,
                rowsRead,
                rowsWritten,
                rowsRejected,
                bytesRead,
                compression,
                uncompressedBytes,
                bytesWritten,
                parquet,
                rejects,
                firstRow,
                millis,
                schemaJson,
                error,
                ranges,
                note);
    }
}
