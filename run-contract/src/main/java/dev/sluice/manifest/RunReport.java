package dev.sluice.manifest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run did, written by the job to {@link OutputLayout#report(long)} when it ends, also when it
 * fails as a whole. The control plane reads {@code runId}, the row counts and {@code files[].{uri,
 * error}}; the rest (schema, catalog changes, timings) is for people.
 *
 * @param files in manifest order
 * @param schemaJson the schema the files were written with, as processor-core writes it
 * @param error why the run as a whole failed, if it did
 * @param conflicts when the table refused the batch's schema: each column that could not keep its
 *     type (the error names them too; this is the same in a form a reader need not parse)
 */
public record RunReport(
        long runId,
        int attempt,
        String jobName,
        String jobRunId,
        String table,
        String ingestDate,
        Instant processedAt,
        List<FileReport> files,
        Optional<String> schemaJson,
        List<String> widenedColumns,
        Optional<CatalogChange> catalog,
        Map<String, Double> seconds,
        Optional<String> error,
        List<Conflict> conflicts) {

    public RunReport {
        conflicts = List.copyOf(conflicts);
        files = List.copyOf(files);
        Objects.requireNonNull(schemaJson, "schemaJson");
        widenedColumns = List.copyOf(widenedColumns);
        Objects.requireNonNull(catalog, "catalog");
        seconds = Map.copyOf(seconds);
        Objects.requireNonNull(error, "error");
    }

    /** A report of a run the table did not refuse. */
    public RunReport(
            long runId,
            int attempt,
            String jobName,
            String jobRunId,
            String table,
            String ingestDate,
            Instant processedAt,
            List<FileReport> files,
            Optional<String> schemaJson,
            List<String> widenedColumns,
            Optional<CatalogChange> catalog,
            Map<String, Double> seconds,
            Optional<String> error) {
        this(
                runId,
                attempt,
                jobName,
                jobRunId,
                table,
                ingestDate,
                processedAt,
                files,
                schemaJson,
                widenedColumns,
                catalog,
                seconds,
                error,
                List.of());
    }

    /** One column whose type the table could not change: {@code tableType} there, {@code batchType} in the batch. */
    public record Conflict(String column, String tableType, String batchType) {
        public Conflict {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(tableType, "tableType");
            Objects.requireNonNull(batchType, "batchType");
        }
    }

    /**
     * One file's outcome. {@code error} is set when the file failed as a whole (nothing of it is in
     * the table); {@code parquet} and {@code rejects} are the URIs written, {@code ""} for none.
     * {@code bytesRead} is the file's size as stored, compressed when {@code compression} (gzip,
     * zstd, bzip2; {@code ""} for none) says so, and {@code uncompressedBytes} the size of its CSV
     * text. The file's rows are rows {@code firstRow} to {@code firstRow + rowsWritten - 1} of
     * {@code parquet}, which holds the rows of other files of the run too when small files were
     * combined into one of about the pipeline's target size.
     *
     * <p>{@code quarantined}: the file was set aside because its schema conflicts with the table's
     * (schema mode quarantine); {@code error} then says which column, the table's type and the
     * file's, and nothing of it is in the table. A reader that does not know the field sees a file
     * that failed with that reason, which is what it is until it is reprocessed.
     *
     * <p>{@code parquetRanges}: a large file converted as byte ranges, one task each, is one
     * Parquet file per range, listed here in file order ({@code parquet} is the first); empty for a
     * file written as one. A report without the field lists none.
     *
     * <p>{@code note}: what a reader of the report should know of how the file was converted, when
     * it was not as asked (a file above the split size converted whole, and why); {@code ""} for
     * nothing.
     */
    public record FileReport(
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
            double seconds,
            Optional<String> error,
            boolean quarantined,
            List<String> parquetRanges,
            String note) {

        public FileReport {
            Objects.requireNonNull(uri, "uri");
            parquetRanges = List.copyOf(parquetRanges);
            note = note == null ? "" : note;
            compression = compression == null ? "" : compression;
            parquet = parquet == null ? "" : parquet;
            rejects = rejects == null ? "" : rejects;
            error = error.filter(e -> !e.isEmpty());
            if (quarantined && error.isEmpty()) {
                throw new IllegalArgumentException(uri + ": a quarantined file needs its reason");
            }
        }

        /** This file, set aside for the reason its error gives. */
        public FileReport asQuarantined() {
            return new FileReport(
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
                    seconds,
                    error,
                    true,
                    parquetRanges,
                    note);
        }

        /** Every Parquet file that holds rows of this file: its ranges', else {@code parquet} (if any). */
        public List<String> parquetFiles() {
            if (!parquetRanges.isEmpty()) {
                return parquetRanges;
            }
            return parquet.isEmpty() ? List.of() : List.of(parquet);
        }

        /** Nothing of the file is in the table: it failed as a whole, or was quarantined. */
        public boolean failed() {
            return error.isPresent();
        }
    }

    /**
     * What the run changed in the table's catalog; {@code snapshot} is the Iceberg snapshot the run
     * committed, for a table in that format.
     */
    public record CatalogChange(
            boolean tableCreated,
            List<String> columnsAdded,
            boolean partitionCreated,
            boolean partitionUpdated,
            String partitionLocation,
            Optional<TableSnapshot> snapshot) {

        public CatalogChange {
            columnsAdded = List.copyOf(columnsAdded);
            Objects.requireNonNull(partitionLocation, "partitionLocation");
            Objects.requireNonNull(snapshot, "snapshot");
        }

        /** A change of a table kept as Hive-style partitions: no snapshot. */
        public CatalogChange(
                boolean tableCreated,
                List<String> columnsAdded,
                boolean partitionCreated,
                boolean partitionUpdated,
                String partitionLocation) {
            this(tableCreated, columnsAdded, partitionCreated, partitionUpdated, partitionLocation, Optional.empty());
        }
    }

    /**
     * The Iceberg snapshot that holds a run's rows.
     *
     * @param attempt the attempt that committed it: an earlier one when this attempt found the run
     *     already in the table's history and did not commit again
     * @param deletedRows rows of earlier versions the snapshot removed from the table, by whole data
     *     files and by equality deletes alike, counted by Sluice before the commit (the rows of the
     *     replaced keys in the snapshot before); not Iceberg's {@code deleted-records}, which leaves
     *     out rows removed by equality deletes
     * @param equalityDeleteKeys how many {@code source_file} values an equality delete removes
     * @param commitMillis how long the commit took, from building the snapshot to its success
     */
    public record TableSnapshot(
            long snapshotId,
            int attempt,
            long addedFiles,
            long deletedFiles,
            long addedRows,
            long deletedRows,
            long addedDeleteFiles,
            long equalityDeleteKeys,
            long commitMillis) {}

    public long rowsRead() {
        return files.stream().mapToLong(FileReport::rowsRead).sum();
    }

    public long rowsWritten() {
        return files.stream().mapToLong(FileReport::rowsWritten).sum();
    }

    public long rowsRejected() {
        return files.stream().mapToLong(FileReport::rowsRejected).sum();
    }

    /** Files that failed as a whole or were quarantined: none of their rows is in the table. */
    public long filesFailed() {
        return files.stream().filter(FileReport::failed).count();
    }

    public long filesQuarantined() {
        return files.stream().filter(FileReport::quarantined).count();
    }

    /** {@code ""} is written as JSON null, which is what readers of the report expect for "none". */
    public byte[] toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runId", runId);
        root.put("attempt", attempt);
        root.put("jobName", jobName);
        root.put("jobRunId", jobRunId);
        root.put("table", table);
        root.put("ingestDate", ingestDate);
        root.put("processedAt", processedAt.toString());
        root.put("rowsRead", rowsRead());
        root.put("rowsWritten", rowsWritten());
        root.put("rowsRejected", rowsRejected());
        List<Object> list = new ArrayList<>();
        for (FileReport f : files) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("fileId", f.fileId());
            file.put("uri", f.uri());
            file.put("rowsRead", f.rowsRead());
            file.put("rowsWritten", f.rowsWritten());
            file.put("rowsRejected", f.rowsRejected());
            file.put("bytesRead", f.bytesRead());
            file.put("compression", orNull(f.compression()));
            file.put("uncompressedBytes", f.uncompressedBytes());
            file.put("bytesWritten", f.bytesWritten());
            file.put("parquet", orNull(f.parquet()));
            file.put("rejects", orNull(f.rejects()));
            if (!f.parquetRanges().isEmpty()) {
                file.put("parquetRanges", f.parquetRanges());
            }
            if (!f.note().isEmpty()) {
                file.put("note", f.note());
            }
            file.put("firstRow", f.firstRow());
            file.put("seconds", f.seconds());
            file.put("error", f.error().orElse(null));
            file.put("quarantined", f.quarantined());
            list.add(file);
        }
        root.put("files", list);
        root.put("schema", schemaJson.map(Json.Raw::new).orElse(null));
        root.put("widenedColumns", widenedColumns);
        root.put("catalog", catalog.map(RunReport::catalogJson).orElse(null));
        root.put("seconds", new TreeMap<>(seconds));
        List<Object> refused = new ArrayList<>();
        for (Conflict c : conflicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", c.column());
            m.put("tableType", c.tableType());
            m.put("batchType", c.batchType());
            refused.add(m);
        }
        root.put("conflicts", refused);
        root.put("error", error.orElse(null));
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a report; fields a writer left out read as zero or none, so reports of older jobs stay
     * readable.
     *
     * @throws IllegalArgumentException naming {@code source} and the field at fault
     */
    public static RunReport fromJson(byte[] json, String source) {
        try {
            Fields root = Fields.of(Json.parse(new String(json, StandardCharsets.UTF_8)), "");
            List<FileReport> files = new ArrayList<>();
            for (int i = 0; i < root.list("files").size(); i++) {
                Fields f = root.element("files", i);
                String uri = f.text("uri");
                files.add(new FileReport(
                        f.longValue("fileId", 0),
                        uri == null ? "" : uri,
                        f.longValue("rowsRead", 0),
                        f.longValue("rowsWritten", 0),
                        f.longValue("rowsRejected", 0),
                        f.longValue("bytesRead", 0),
                        f.text("compression"),
                        f.longValue("uncompressedBytes", 0),
                        f.longValue("bytesWritten", 0),
                        f.text("parquet"),
                        f.text("rejects"),
                        f.longValue("firstRow", 0),
                        f.doubleValue("seconds", 0),
                        f.optionalText("error"),
                        f.bool("quarantined") && f.optionalText("error").isPresent(),
                        f.texts("parquetRanges"),
                        f.text("note")));
            }
            Map<String, Double> seconds = new TreeMap<>();
            Optional<Fields> timings = root.object("seconds");
            if (timings.isPresent()) {
                for (Object phase : timings.get().map().keySet()) {
                    seconds.put(phase.toString(), timings.get().doubleValue(phase.toString(), 0));
                }
            }
            List<Conflict> conflicts = new ArrayList<>();
            for (int i = 0; i < root.list("conflicts").size(); i++) {
                Fields c = root.element("conflicts", i);
                conflicts.add(new Conflict(text(c, "column"), text(c, "tableType"), text(c, "batchType")));
            }
            return new RunReport(
                    root.requiredLong("runId"),
                    (int) root.longValue("attempt", 0),
                    root.text("jobName"),
                    root.text("jobRunId"),
                    root.text("table"),
                    root.text("ingestDate"),
                    instant(root.text("processedAt")),
                    files,
                    root.json("schema"),
                    root.texts("widenedColumns"),
                    root.object("catalog").map(RunReport::catalog),
                    seconds,
                    root.optionalText("error"),
                    conflicts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("report " + source + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> catalogJson(CatalogChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tableCreated", c.tableCreated());
        m.put("columnsAdded", c.columnsAdded());
        m.put("partitionCreated", c.partitionCreated());
        m.put("partitionUpdated", c.partitionUpdated());
        m.put("partitionLocation", c.partitionLocation());
        m.put("snapshot", c.snapshot().map(RunReport::snapshotJson).orElse(null));
        return m;
    }

    private static Map<String, Object> snapshotJson(TableSnapshot t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshotId", t.snapshotId());
        m.put("attempt", t.attempt());
        m.put("addedFiles", t.addedFiles());
        m.put("deletedFiles", t.deletedFiles());
        m.put("addedRows", t.addedRows());
        m.put("deletedRows", t.deletedRows());
        m.put("addedDeleteFiles", t.addedDeleteFiles());
        m.put("equalityDeleteKeys", t.equalityDeleteKeys());
        m.put("commitMillis", t.commitMillis());
        return m;
    }

    private static CatalogChange catalog(Fields c) {
        String location = c.text("partitionLocation");
        return new CatalogChange(
                c.bool("tableCreated"),
                c.texts("columnsAdded"),
                c.bool("partitionCreated"),
                c.bool("partitionUpdated"),
                location == null ? "" : location,
                c.object("snapshot").map(RunReport::snapshot));
    }

    private static TableSnapshot snapshot(Fields t) {
        return new TableSnapshot(
                t.requiredLong("snapshotId"),
                (int) t.longValue("attempt", 0),
                t.longValue("addedFiles", 0),
                t.longValue("deletedFiles", 0),
                t.longValue("addedRows", 0),
                t.longValue("deletedRows", 0),
                t.longValue("addedDeleteFiles", 0),
                t.longValue("equalityDeleteKeys", 0),
                t.longValue("commitMillis", 0));
    }

    private static String text(Fields fields, String field) {
        String value = fields.text(field);
        return value == null ? "" : value;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("processedAt '" + text + "' is not an instant");
        }
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
