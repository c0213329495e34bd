package dev.sluice.controlplane.tables;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline's table as its runs made it: the columns now, and the runs that changed it or that it
 * refused, newest first.
 *
 * @param table {@code database.table}
 * @param nullsFrom where {@code nullsSeen} comes from
 * @param nextBefore the cursor for older history ({@code before}); null when there is none
 */
public record TableView(
        String pipeline,
        String table,
        List<TableColumn> columns,
        List<TableChange> history,
        String nullsFrom,
        Long nextBefore) {

    /**
     * One column of the table: its type there, the CSV header it came from, and the nulls runs
     * wrote into it.
     */
    public record TableColumn(String name, String type, String header, long nullsSeen, long addedByRun) {}

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
