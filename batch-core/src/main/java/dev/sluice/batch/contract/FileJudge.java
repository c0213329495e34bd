package dev.sluice.batch.contract;

import dev.sluice.batch.catalog.CatalogTable;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TableDefinitions;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.batch.catalog.TablePlanner;
import dev.sluice.batch.convert.FileOutcome;
import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the files of one batch one after the other, by one rule for freeze and quarantine: a file
 * fits when the table takes it without a change, no column it lacks and no type its column does not
 * hold. Against an existing table through its catalog (a plan per distinct file schema, so a batch
 * of files of one kind asks once); without one, against the table as the first admitted file of the
 * batch creates it.
 */
final class FileJudge {

    /** A column new to the table, as the first admitted file that has it brings it. */
    private record Brought(String type, String uri) {}

    /** The catalog's plan of one file schema, or the columns it refuses. */
    private record Planned(Optional<TablePlan> plan, List<Refusal> refused) {}

    private final TableCatalog catalog;
    private final String table;
    private final Map<String, Planned> plans = new HashMap<>();
    private final Map<String, Brought> brought = new LinkedHashMap<>();
    /** When the table does not exist yet: the first admitted file, which creates it. */
    private Optional<String> creator = Optional.empty();

    FileJudge(TableCatalog catalog, String table) {
        this.catalog = catalog;
        this.table = table;
    }

    /** Why the table cannot take the file as it is; empty when it can, and then the file is admitted. */
    List<Refusal> judge(FileOutcome file) {
        Schema schema = Schema.fromJson(file.schemaJson());
        List<Refusal> refusals = partitionKey(schema);
        if (!refusals.isEmpty()) {
            return refusals;
        }
        Planned planned = plans.computeIfAbsent(file.schemaJson(), json -> plan(schema));
        if (planned.plan().isEmpty()) {
            return planned.refused();
        }
        TablePlan plan = planned.plan().get();
        Set<String> fresh = new HashSet<>(plan.newColumns());
        List<Column> newColumns =
                schema.columns().stream().filter(c -> fresh.contains(c.name())).toList();
        if (plan.tableExists()) {
            List<Refusal> changes = new ArrayList<>();
            // a type the table format widens in place (Iceberg's int to long) is a change too
            plan.promotedColumns()
                    .forEach(p -> changes.add(
                            new Refusal(p.column(), p.tableType() + " in the table " + table, p.batchType())));
            newColumns.forEach(c -> changes.add(
                    new Refusal(c.name(), "not in the table " + table, c.type().athenaType())));
            return changes;
        }
        refusals = againstEarlierFiles(newColumns);
        if (refusals.isEmpty()) {
            admit(newColumns, file.uri());
        }
        return refusals;
    }

    private Planned plan(Schema schema) {
        try {
            return new Planned(Optional.of(catalog.plan(schema)), List.of());
        } catch (IncompatibleSchemaException e) {
            if (e.conflicts().isEmpty()) {
                throw e; // not a column of this file: the table itself, which no file can change
            }
            return new Planned(
                    Optional.empty(),
                    e.conflicts().stream()
                            .map(c -> new Refusal(c.column(), c.tableType() + " in the table " + table, c.batchType()))
                            .toList());
        }
    }

    private List<Refusal> partitionKey(Schema schema) {
        return schema.columns().stream()
                .filter(c -> c.name().equals(TableDefinitions.PARTITION_KEY))
                .map(c -> new Refusal(
                        c.name(),
                        "the partition key of the table " + table,
                        c.type().athenaType()))
                .toList();
    }

    /**
     * The table this batch creates takes no column beyond those of its first file; a column of it
     * takes this file's values when its type holds them, or when both are of one kind (numbers, or
     * dates and timestamps) that the batch's schema widens to hold both, as it would in any batch;
     * otherwise the earlier file wins.
     */
    private List<Refusal> againstEarlierFiles(List<Column> newColumns) {
        List<Refusal> refusals = new ArrayList<>();
        for (Column c : newColumns) {
            Brought earlier = brought.get(c.name());
            if (earlier == null) {
                if (creator.isPresent()) {
                    refusals.add(new Refusal(
                            c.name(),
                            "not in the table " + table + " as " + creator.get() + " of this batch creates it",
                            c.type().athenaType()));
                }
            } else if (!holds(table, earlier.type(), c) && !ofOneKind(earlier.type(), c.type())) {
                refusals.add(new Refusal(
                        c.name(),
                        earlier.type() + " in the table " + table + " as " + earlier.uri() + " of this batch makes it",
                        c.type().athenaType()));
            }
        }
        return refusals;
    }

    /** The table does not exist: the first file admitted creates it, with all its columns. */
    private void admit(List<Column> newColumns, String uri) {
        if (creator.isEmpty()) {
            creator = Optional.of(uri);
        }
        for (Column c : newColumns) {
            brought.putIfAbsent(c.name(), new Brought(c.type().athenaType(), uri));
        }
    }

    /** Whether a table column of {@code type} takes the column's values unchanged: the table rule. */
    static boolean holds(String table, String type, Column column) {
        CatalogTable one = new CatalogTable(
                List.of(new CatalogTable.CatalogColumn(column.name(), type, "")),
                List.of(TableDefinitions.PARTITION_KEY));
        try {
            TablePlanner.plan(table, Optional.of(one), Schema.of(column));
            return true;
        } catch (IncompatibleSchemaException e) {
            return false;
        }
    }

    private static boolean ofOneKind(String type, ColumnType other) {
        return family(ColumnType.parse(type).kind()) == family(other.kind()) && family(other.kind()) != 0;
    }

    /** 1 numbers, 2 dates and timestamps; 0 a kind that widens to nothing but string. */
    private static int family(ColumnType.Kind kind) {
        return switch (kind) {
            case INT, BIGINT, DECIMAL, DOUBLE -> 1;
            case DATE, TIMESTAMP -> 2;
            default -> 0;
        };
    }
}
