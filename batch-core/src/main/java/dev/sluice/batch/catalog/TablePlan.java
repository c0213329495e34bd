package dev.sluice.batch.catalog;

import dev.sluice.processor.Schema;
import java.util.List;
import java.util.Objects;

/**
 * How a batch goes into its table: the schema to write the files with (the batch's own, except
 * where the table already holds a wider type that every value fits, e.g. INT values in a
 * {@code bigint} column), the columns the table lacks, the columns written as the table's type, and
 * the columns whose table type the batch widens (a table format that promotes types in place, as
 * Iceberg does int to long; a Hive-style catalog never does).
 */
public record TablePlan(
        String table,
        boolean tableExists,
        Schema writeSchema,
        List<String> newColumns,
        List<String> widenedColumns,
        List<Promotion> promotedColumns) {

    public TablePlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(writeSchema, "writeSchema");
        newColumns = List.copyOf(newColumns);
        widenedColumns = List.copyOf(widenedColumns);
        promotedColumns = List.copyOf(promotedColumns);
    }

    /** A plan that changes no column's type in the table. */
    public TablePlan(
            String table,
            boolean tableExists,
            Schema writeSchema,
            List<String> newColumns,
            List<String> widenedColumns) {
        this(table, tableExists, writeSchema, newColumns, widenedColumns, List.of());
    }

    /** A column whose type in the table the commit widens from {@code tableType} to {@code batchType}. */
    public record Promotion(String column, String tableType, String batchType) {}
}
