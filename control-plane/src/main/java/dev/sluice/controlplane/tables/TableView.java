package dev.sluice.controlplane.tables;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline's table: the columns now, and the runs that changed it or that it refused, newest
 * first. For an Iceberg table the columns and {@code snapshots} are read from its metadata.
 *
 * @param table {@code database.table}
 * @param nullsFrom where {@code nullsSeen} comes from
 * @param nextBefore the cursor for older history ({@code before}); null when there is none
 * @param source where {@code columns} come from: {@code iceberg} (the table's metadata through its
 *     catalog) or {@code reports} (the runs' reports)
 * @param snapshots the Iceberg table's snapshots, newest first; empty for a Parquet table
 * @param snapshotsCut true when the table has more snapshots than {@code snapshots} holds
 * @param note why the answer comes from reports where Iceberg metadata was expected, or null
 */
public record TableView(
        String pipeline,
        String table,
        List<TableColumn> columns,
        List<TableChange> history,
        String nullsFrom,
        Long nextBefore,
        String source,
        List<IcebergSnapshot> snapshots,
        boolean snapshotsCut,
        String note) {

    /**
     * One column of the table: its type there (as Athena shows it), the CSV header it came from,
     * and the nulls runs wrote into it; for Iceberg also its field id, whether it is required and
     * Iceberg's own name of its type.
     */
    public record TableColumn(
            String name,
            String type,
            String header,
            long nullsSeen,
            long addedByRun,
            Integer fieldId,
            Boolean required,
            String icebergType) {

        TableColumn(String name, String type, String header, long nullsSeen, long addedByRun) {
            this(name, type, header, nullsSeen, addedByRun, null, null, null);
        }
    }

    /**
     * One snapshot of an Iceberg table, from its summary; {@code runId} and {@code attempt} are
     * null for a commit no run made (compaction). Snapshot ids are strings: they are 64-bit, which
     * a JavaScript number cannot hold exactly.
     *
     * @param added the columns this snapshot's schema has and its parent's had not
     * @param widened the columns whose type this snapshot's schema widened
     */
    public record IcebergSnapshot(
            String snapshotId,
            String parentId,
            Instant committedAt,
            String operation,
            Long runId,
            Integer attempt,
            long addedFiles,
            long deletedFiles,
            long addedRows,
            long deletedRows,
            Integer schemaId,
            List<SchemaChange> added,
            List<SchemaChange> widened) {}

    /** A column a snapshot added ({@code from} null) or widened from {@code from} to {@code to}. */
    public record SchemaChange(int fieldId, String column, String from, String to) {}

    /**
     * One run that changed the table or that the table refused.
     *
     * @param outcome PUBLISHED or REFUSED
     * @param refusal the run's error when the table refused it; it names each column and both types
     */
    public record TableChange(
            long runId,
            String status,
            String outcome,
            Instant recordedAt,
            boolean tableCreated,
            List<ColumnChange> added,
            List<ColumnChange> widened,
            List<Conflict> conflicts,
            String refusal) {}

    /** A column a run added, or whose values it wrote in the table's wider {@code type}. */
    public record ColumnChange(String column, String header, String type) {}

    /** A column the table refused: {@code tableType} there, {@code batchType} in the run's files. */
    public record Conflict(String column, String tableType, String batchType) {}
}
