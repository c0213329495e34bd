package dev.sluice.batch.catalog;

import dev.sluice.processor.Schema;
import java.util.List;
import java.util.Objects;

/**
 * How a batch goes into its table: the schema to write the files with (the batch's own, except
 * where the table already holds a wider type that every value fits, e.g. INT values in a
 * {@code bigint} column), the columns the table lacks, and the columns written as the table's type.
 */
public record TablePlan(
        String table, boolean tableExists, Schema writeSchema, List<String> newColumns, List<String> widenedColumns) {

    public TablePlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(writeSchema, "writeSchema");
        newColumns = List.copyOf(newColumns);
        widenedColumns = List.copyOf(widenedColumns);
    }
}
