package dev.sluice.batch.catalog;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.manifest.TableSchemaFile;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table whose schema is a file under the output ({@link OutputLayout#tableSchema}), kept as the
 * Glue Data Catalog keeps a Sluice table: created by the first batch, given the columns later
 * batches bring, one partition per ingest date registered with the table's columns. Plans with the
 * same {@link TablePlanner} as the Glue catalog, so a batch the Glue path refuses is refused here
 * too, before anything is written. The file lives beside the data, so a copied output keeps it.
 */
public final class FileTableCatalog implements TableCatalog {

    /** One lock per schema file: runs of one process that write the same table take turns. */
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final String qualifiedName;
    private final ObjectLocation location;

    /** @param output the pipeline's output, a local prefix */
    public FileTableCatalog(ObjectLocation output, String database, String table) {
        if (output.scheme() != ObjectLocation.Scheme.FILE) {
            throw new IllegalArgumentException(output + ": a file table catalog needs a local output");
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        ObjectLocation out = output.asPrefix();
        this.file =
                Path.of(out.resolve(OutputLayout.tableSchema(database, table)).key());
        this.qualifiedName = database + "." + table;
        this.location = out.resolve(OutputLayout.tablePrefix(table));
    }

    @Override
    public TablePlan plan(Schema batch) {
        return TablePlanner.plan(qualifiedName, current().map(FileTableCatalog::describe), batch);
    }

    @Override
    public CatalogChange commit(TablePlan plan, String ingestDate) {
        synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
            List<TableSchemaFile.Column> wanted = TableDefinitions.columns(plan.writeSchema()).stream()
                    .map(c -> new TableSchemaFile.Column(c.name(), c.type(), c.comment()))
                    .toList();
            Optional<TableSchemaFile> existing = current();
            boolean created = existing.isEmpty();
            List<TableSchemaFile.Column> columns =
                    new ArrayList<>(created ? wanted : existing.get().columns());
            List<String> added = new ArrayList<>();
            if (!created) {
                // another run may have created it since the plan: add what it lacks, as for any table
                Set<String> names = new HashSet<>();
                columns.forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
                for (TableSchemaFile.Column c : wanted) {
                    if (!names.contains(c.name())) {
                        columns.add(c);
                        added.add(c.name());
                    }
                }
            }
            Map<String, TableSchemaFile.Partition> partitions =
                    new HashMap<>(existing.map(TableSchemaFile::partitions).orElse(Map.of()));
            String partitionLocation = location.resolve(TableDefinitions.PARTITION_KEY + "=" + ingestDate + "/")
                    .uri();
            TableSchemaFile.Partition before = partitions.get(ingestDate);
            TableSchemaFile.Partition partition = new TableSchemaFile.Partition(partitionLocation, columns);
            boolean stale = before != null && !before.equals(partition);
            partitions.put(ingestDate, partition);
            write(new TableSchemaFile(
                    qualifiedName,
                    location.uri(),
                    columns,
                    existing.map(TableSchemaFile::partitionKeys).orElse(List.of(TableDefinitions.PARTITION_KEY)),
                    partitions));
            return new CatalogChange(created, added, before == null, stale, partitionLocation);
        }
    }

    /** The table as it is now, if it exists. */
    public Optional<TableSchemaFile> current() {
        try {
            return Optional.of(TableSchemaFile.fromJson(Files.readAllBytes(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of table " + qualifiedName + " at " + file, e);
        }
    }

    private static CatalogTable describe(TableSchemaFile table) {
        return new CatalogTable(
                table.columns().stream()
                        .map(c -> new CatalogTable.CatalogColumn(c.name(), c.type(), c.comment()))
                        .toList(),
                table.partitionKeys());
    }

    /** Written beside and moved into place, so that a reader never sees half a schema. */
    private void write(TableSchemaFile table) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".inprogress");
            Files.write(temporary, table.toJson());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schema of table " + qualifiedName + " to " + file, e);
        }
    }
}
