package dev.sluice.gluejob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gluejob.catalog.CatalogChange;
import dev.sluice.gluejob.convert.FileOutcome;
import dev.sluice.processor.Schema;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run did, written to {@code <output>/_reports/<run id>.json}. The control plane reads
 * {@code runId}, the row counts and {@code files[].{uri, rowsRead, rowsWritten, rowsRejected,
 * error}}; the rest (schema, catalog changes, timings) is for people.
 *
 * @param error why the run as a whole failed, if it did
 */
public record RunReport(
        long runId,
        int attempt,
        String jobName,
        String jobRunId,
        String table,
        String ingestDate,
        Instant processedAt,
        List<FileOutcome> files,
        Optional<Schema> schema,
        List<String> widenedColumns,
        Optional<CatalogChange> catalog,
        Map<String, Double> seconds,
        Optional<String> error) {

    public RunReport {
        files = files.stream()
                .sorted(Comparator.comparingInt(FileOutcome::index))
                .toList();
        Objects.requireNonNull(schema, "schema");
        widenedColumns = List.copyOf(widenedColumns);
        Objects.requireNonNull(catalog, "catalog");
        seconds = Map.copyOf(seconds);
        Objects.requireNonNull(error, "error");
    }

    public long rowsRead() {
        return files.stream().mapToLong(FileOutcome::rowsRead).sum();
    }

    public long rowsWritten() {
        return files.stream().mapToLong(FileOutcome::rowsWritten).sum();
    }

    public long rowsRejected() {
        return files.stream().mapToLong(FileOutcome::rowsRejected).sum();
    }

    public long filesFailed() {
        return files.stream().filter(f -> !f.ok()).count();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
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
        ArrayNode list = root.putArray("files");
        for (FileOutcome f : files) {
            ObjectNode file = list.addObject();
            file.put("fileId", f.fileId());
            file.put("uri", f.uri());
            file.put("rowsRead", f.rowsRead());
            file.put("rowsWritten", f.rowsWritten());
            file.put("rowsRejected", f.rowsRejected());
            file.put("bytesRead", f.bytesRead());
            file.put("bytesWritten", f.bytesWritten());
            putOptional(file, "parquet", f.parquet());
            putOptional(file, "rejects", f.rejects());
            file.put("seconds", f.millis() / 1000.0);
            putOptional(file, "error", f.error());
        }
        try {
            if (schema.isPresent()) {
                root.set("schema", mapper.readTree(schema.get().toJson()));
            } else {
                root.putNull("schema");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("processor-core wrote a schema that is not JSON", e);
        }
        root.set("widenedColumns", mapper.valueToTree(widenedColumns));
        if (catalog.isPresent()) {
            root.set("catalog", mapper.valueToTree(catalog.get()));
        } else {
            root.putNull("catalog");
        }
        root.set("seconds", mapper.valueToTree(new TreeMap<>(seconds)));
        putOptional(root, "error", error.orElse(""));
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ""} is written as JSON null, which is what readers of the report expect for "none". */
    private static void putOptional(ObjectNode node, String field, String value) {
        if (value.isEmpty()) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
