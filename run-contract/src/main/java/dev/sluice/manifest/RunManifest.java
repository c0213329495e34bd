package dev.sluice.manifest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file list of one attempt of a run, written as JSON next to the output before the job starts;
 * the job reads it through {@code --manifest}. {@code ingestDate} (yyyy-MM-dd) is the run's creation
 * date, so that every attempt writes the same partition and a retry replaces what a failed attempt
 * left. Readers ignore fields they do not know, so that a newer control plane can add some.
 */
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
        List<ManifestFile> files,
        List<Superseded> supersedes,
        TableOutput output,
        FileSplit split) {

    public RunManifest {
        files = files == null ? List.of() : List.copyOf(files);
        supersedes = supersedes == null ? List.of() : List.copyOf(supersedes);
        output = output == null ? TableOutput.DEFAULT : output;
        split = split == null ? FileSplit.OFF : split;
    }

    /** A manifest whose files are each converted as one task. */
    public RunManifest(
            long runId,
            int attempt,
            String pipeline,
            String processingJob,
            String ingestDate,
            String outputBucket,
            String outputPrefix,
            String database,
            String table,
            List<ManifestFile> files,
            List<Superseded> supersedes,
            TableOutput output) {
        this(
                runId,
                attempt,
                pipeline,
                processingJob,
                ingestDate,
                outputBucket,
                outputPrefix,
                database,
                table,
                files,
                supersedes,
                output,
                FileSplit.OFF);
    }

    /** A manifest of a pipeline with the default output settings. */
    public RunManifest(
            long runId,
            int attempt,
            String pipeline,
            String processingJob,
            String ingestDate,
            String outputBucket,
            String outputPrefix,
            String database,
            String table,
            List<ManifestFile> files,
            List<Superseded> supersedes) {
        this(
                runId,
                attempt,
                pipeline,
                processingJob,
                ingestDate,
                outputBucket,
                outputPrefix,
                database,
                table,
                files,
                supersedes,
                TableOutput.DEFAULT);
    }

    /** An ordinary run's manifest: it replaces nothing an earlier run wrote. */
    public RunManifest(
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
        this(
                runId,
                attempt,
                pipeline,
                processingJob,
                ingestDate,
                outputBucket,
                outputPrefix,
                database,
                table,
                files,
                List.of(),
                TableOutput.DEFAULT);
    }

    /**
     * A file of this run reprocessed: what run {@code runId} wrote of it (as that run's report lists)
     * is removed once this run has published the file again, never before and never when the file
     * fails here.
     */
    public record Superseded(long fileId, long runId) {}

    /**
     * One file of the attempt: its id in the control plane, where it is and exactly which bytes, as
     * recorded when it arrived. The job reads that version and no other: by {@code versionId} where
     * the bucket is versioned, else by {@code etag} (and {@code size}); a key that holds other bytes
     * by the time the job runs fails that file, because the newer bytes are an arrival of their own.
     *
     * @param uri the file as the user named it, {@code bucket}/{@code key}: its lineage, the {@code
     *     source_file} of its rows
     * @param versionId the S3 version id, {@code ""} when the bucket is not versioned
     * @param etag the ETag recorded at arrival, without quotes; {@code ""} when none was recorded
     * @param location where the bytes are read from, as a URI: {@code uri} itself in S3; in embedded
     *     mode a place of this arrival's own, since a directory holds one file per name
     */
    public record ManifestFile(
            long fileId,
            String uri,
            String bucket,
            String key,
            long size,
            String etag,
            String versionId,
            String location) {

        public ManifestFile {
            // a manifest of an older control plane has no version id, and reads every file at its uri
            etag = etag == null ? "" : etag;
            versionId = versionId == null ? "" : versionId;
            location = location == null || location.isEmpty() ? uri : location;
        }
    }

    /** A manifest of an older control plane has no output settings: it meant the defaults. */
    private static TableOutput output(Fields root) {
        if (root.object("output").isEmpty()) {
            return TableOutput.DEFAULT;
        }
        Fields out = root.object("output").get();
        TableOutput d = TableOutput.DEFAULT;
        return new TableOutput(
                TableOutput.parse(TableOutput.Format.class, out.text("format"), d.format(), "output.format"),
                out.longValue("targetFileSize", d.targetFileSize()),
                TableOutput.parse(
                        TableOutput.SchemaMode.class, out.text("schemaMode"), d.schemaMode(), "output.schemaMode"),
                TableOutput.parse(
                        TableOutput.OnNewVersion.class,
                        out.text("onNewVersion"),
                        d.onNewVersion(),
                        "output.onNewVersion"));
    }

    /** A manifest of an older control plane has no split settings: it meant one task per file. */
    private static FileSplit split(Fields root) {
        if (root.object("split").isEmpty()) {
            return FileSplit.OFF;
        }
        Fields split = root.object("split").get();
        return new FileSplit(
                split.longValue("splitAbove", 0), split.longValue("rangeSize", FileSplit.DEFAULT_RANGE_SIZE));
    }

    public byte[] toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runId", runId);
        root.put("attempt", attempt);
        root.put("pipeline", pipeline);
        root.put("processingJob", processingJob);
        root.put("ingestDate", ingestDate);
        root.put("outputBucket", outputBucket);
        root.put("outputPrefix", outputPrefix);
        root.put("database", database);
        root.put("table", table);
        List<Object> list = new ArrayList<>();
        for (ManifestFile f : files) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("fileId", f.fileId());
            file.put("uri", f.uri());
            file.put("bucket", f.bucket());
            file.put("key", f.key());
            file.put("size", f.size());
            file.put("etag", f.etag());
            file.put("versionId", f.versionId());
            file.put("location", f.location());
            list.add(file);
        }
        root.put("files", list);
        List<Object> superseded = new ArrayList<>();
        for (Superseded x : supersedes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("fileId", x.fileId());
            entry.put("runId", x.runId());
            superseded.add(entry);
        }
        root.put("supersedes", superseded);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", output.format().value());
        out.put("targetFileSize", output.targetFileSize());
        out.put("schemaMode", output.schemaMode().value());
        out.put("onNewVersion", output.onNewVersion().value());
        root.put("output", out);
        Map<String, Object> splitting = new LinkedHashMap<>();
        splitting.put("splitAbove", split.splitAbove());
        splitting.put("rangeSize", split.rangeSize());
        root.put("split", splitting);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest and checks what the job relies on: the run, the attempt, the ingest date and
     * every file's URI.
     *
     * @param source where the manifest was read from, for the message
     * @throws IllegalArgumentException naming {@code source} and the field at fault
     */
    public static RunManifest fromJson(byte[] json, String source) {
        try {
            Fields root = Fields.of(Json.parse(new String(json, StandardCharsets.UTF_8)), "");
            long runId = root.requiredLong("runId");
            long attempt = root.requiredLong("attempt");
            if (attempt != (int) attempt) {
                throw new IllegalArgumentException("attempt " + attempt + " is out of range");
            }
            List<ManifestFile> files = new ArrayList<>();
            for (int i = 0; i < root.list("files").size(); i++) {
                if (root.list("files").get(i) == null) {
                    throw new IllegalArgumentException("files[" + i + "] has no uri");
                }
                Fields f = root.element("files", i);
                String uri = f.text("uri");
                if (uri == null || uri.isBlank()) {
                    throw new IllegalArgumentException("files[" + i + "] has no uri");
                }
                files.add(new ManifestFile(
                        f.longValue("fileId", 0),
                        uri,
                        f.text("bucket"),
                        f.text("key"),
                        f.longValue("size", 0),
                        f.text("etag"),
                        f.text("versionId"),
                        f.text("location")));
            }
            String ingestDate = root.text("ingestDate");
            try {
                LocalDate.parse(ingestDate == null ? "missing" : ingestDate);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ingestDate '" + ingestDate + "' is not a date (yyyy-MM-dd)");
            }
            List<Superseded> supersedes = new ArrayList<>();
            for (int i = 0; i < root.list("supersedes").size(); i++) {
                Fields x = root.element("supersedes", i);
                supersedes.add(new Superseded(x.requiredLong("fileId"), x.requiredLong("runId")));
            }
            return new RunManifest(
                    runId,
                    (int) attempt,
                    root.text("pipeline"),
                    root.text("processingJob"),
                    ingestDate,
                    root.text("outputBucket"),
                    root.text("outputPrefix"),
                    root.text("database"),
                    root.text("table"),
                    files,
                    supersedes,
                    output(root),
                    split(root));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest " + source + ": " + e.getMessage(), e);
        }
    }
}
