package dev.sluice.batch.catalog;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Compares a batch's schema with the table as the catalog has it: the one rule of every catalog. */
public final class TablePlanner {

    private TablePlanner() {}

    /**
     * @throws IncompatibleSchemaException naming every column that cannot keep its type
     */
    public static TablePlan plan(String qualifiedName, Optional<CatalogTable> existing, Schema batch) {
        for (Column column : batch.columns()) {
            if (column.name().equals(TableDefinitions.PARTITION_KEY)) {
                throw new IncompatibleSchemaException("table " + qualifiedName + ": column '" + column.name()
                        + "' (header '" + column.originalName() + "') has the name of the partition key;"
                        + " rename it in the source files, nothing was written");
            }
        }
        if (existing.isEmpty()) {
            return new TablePlan(qualifiedName, false, batch, batch.names(), List.of());
        }
        CatalogTable table = existing.get();
        requireSluicePartitioning(qualifiedName, table);
        Map<String, String> tableTypes = new HashMap<>();
        for (var c : table.columns()) {
            tableTypes.put(c.name().toLowerCase(Locale.ROOT), c.type());
        }
        List<Column> write = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        List<IncompatibleSchemaException.Conflict> conflicts = new ArrayList<>();
        for (Column column : batch.columns()) {
            String tableType = tableTypes.get(column.name());
            if (tableType == null) {
                added.add(column.name());
                write.add(column);
                continue;
            }
            Optional<ColumnType> as = ColumnTypes.writeAs(tableType, column.type());
            if (as.isEmpty()) {
                conflicts.add(new IncompatibleSchemaException.Conflict(
                        column.name(), tableType, column.type().athenaType()));
            } else {
                if (!as.get().equals(column.type())) {
                    widened.add(column.name());
                }
                write.add(column.withType(as.get()));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IncompatibleSchemaException(qualifiedName, conflicts);
        }
        return new TablePlan(qualifiedName, true, new Schema(write), added, widened);
    }

    private static void requireSluicePartitioning(String qualifiedName, CatalogTable table) {
        List<String> keys = table.partitionKeys().stream()
                .map(k -> k.toLowerCase(Locale.ROOT))
                .toList();
        if (!keys.equals(List.of(TableDefinitions.PARTITION_KEY))) {
            throw new IncompatibleSchemaException("table " + qualifiedName + " is partitioned by " + keys
                    + ", Sluice writes partitions by [" + TableDefinitions.PARTITION_KEY + "]; nothing was written");
        }
    }
}
