package dev.sluice.gluejob.catalog;

import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.batch.catalog.TablePlanner;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * A table in the AWS Glue Data Catalog at {@code <output>/<table>/}: created on the first batch,
 * given the columns later batches bring, one partition per ingest date.
 */
public final class GlueTableCatalog implements TableCatalog {

    private final GlueClient glue;
    private final String database;
    private final String table;
    private final ObjectLocation location;

    /** @param location the table's prefix, ending in {@code /} */
    public GlueTableCatalog(GlueClient glue, String database, String table, ObjectLocation location) {
        this.glue = Objects.requireNonNull(glue, "glue");
        this.database = Objects.requireNonNull(database, "database");
        this.table = Objects.requireNonNull(table, "table");
        this.location = location.asPrefix();
    }

    @Override
    public TablePlan plan(Schema batch) {
        try {
            glue.getDatabase(b -> b.name(database));
        } catch (EntityNotFoundException e) {
            throw new IllegalStateException("the Glue database '" + database
                    + "' does not exist (the infrastructure stack creates it); nothing was written");
        }
        return TablePlanner.plan(database + "." + table, current().map(GlueTableDefinitions::describe), batch);
    }

    @Override
    public CatalogChange commit(TablePlan plan, String ingestDate) {
        List<Column> columns = GlueTableDefinitions.columns(plan.writeSchema());
        boolean created = false;
        if (!plan.tableExists()) {
            try {
                glue.createTable(b -> b.databaseName(database)
                        .tableInput(GlueTableDefinitions.newTable(table, location.uri(), columns)));
                created = true;
            } catch (AlreadyExistsException e) {
                // another run created it meanwhile: add what it lacks, as for any existing table
            }
        }
        Table current = current()
                .orElseThrow(() -> new IllegalStateException(
                        "table " + database + "." + table + " vanished from the Glue Data Catalog during the run"));
        List<String> added = new ArrayList<>();
        if (!created) {
            List<Column> missing = missing(current.storageDescriptor().columns(), columns);
            if (!missing.isEmpty()) {
                List<Column> all = new ArrayList<>(current.storageDescriptor().columns());
                all.addAll(missing);
                Table before = current;
                glue.updateTable(
                        b -> b.databaseName(database).tableInput(GlueTableDefinitions.withColumns(before, all)));
                missing.forEach(c -> added.add(c.name()));
                current = current().orElseThrow();
            }
        }
        return commitPartition(current, ingestDate, created, added);
    }

    private CatalogChange commitPartition(Table current, String ingestDate, boolean created, List<String> added) {
        String partitionLocation = location.resolve(GlueTableDefinitions.PARTITION_KEY + "=" + ingestDate + "/")
                .uri();
        var input = GlueTableDefinitions.partition(current, ingestDate, partitionLocation);
        Optional<Partition> existing = partition(ingestDate);
        if (existing.isEmpty()) {
            try {
                glue.createPartition(
                        b -> b.databaseName(database).tableName(table).partitionInput(input));
                return new CatalogChange(created, added, true, false, partitionLocation);
            } catch (AlreadyExistsException e) {
                existing = partition(ingestDate);
            }
        }
        Partition partition = existing.orElseThrow();
        boolean stale = !partition
                        .storageDescriptor()
                        .columns()
                        .equals(current.storageDescriptor().columns())
                || !partitionLocation.equals(partition.storageDescriptor().location());
        if (stale) {
            // a partition reads only the columns it lists: give it the ones this batch added
            glue.updatePartition(b -> b.databaseName(database)
                    .tableName(table)
                    .partitionValueList(ingestDate)
                    .partitionInput(input));
        }
        return new CatalogChange(created, added, false, stale, partitionLocation);
    }

    private Optional<Table> current() {
        try {
            return Optional.of(
                    glue.getTable(b -> b.databaseName(database).name(table)).table());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Partition> partition(String ingestDate) {
        try {
            return Optional.of(glue.getPartition(
                            b -> b.databaseName(database).tableName(table).partitionValues(ingestDate))
                    .partition());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    private static List<Column> missing(List<Column> present, List<Column> wanted) {
        Set<String> names = new HashSet<>();
        present.forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
        return wanted.stream().filter(c -> !names.contains(c.name())).toList();
    }
}
