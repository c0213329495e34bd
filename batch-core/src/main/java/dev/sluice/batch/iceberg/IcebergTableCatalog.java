package dev.sluice.batch.iceberg;

import dev.sluice.batch.catalog.ColumnTypes;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.Publication;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.manifest.RunReport.TableSnapshot;
import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Sluice table in Apache Iceberg format, over whichever {@link Catalog} holds it: Iceberg's JDBC
 * catalog embedded, the Glue Data Catalog on AWS. A run's Parquet files, as processor-core wrote
 * them, are added in one snapshot whose summary names the run and attempt, together with the
 * removal of the earlier rows of the keys the run replaces.
 *
 * <p>The files carry no Iceberg field ids (they are written before the batch's table schema is
 * known, and most are copied into the table as converted), so the table keeps a name mapping
 * ({@code schema.name-mapping.default}) from its columns' names to their ids. Sluice never renames
 * or drops a column, so names identify columns for good; Iceberg's Java and Spark readers, Athena
 * and Iceberg's own file metrics resolve the files through that mapping.
 *
 * <p>Partitioned by {@code day(processed_at)}: hidden partitioning on the timestamp every row
 * carries, so a reader filtering on {@code processed_at} prunes days without knowing about a
 * partition column (the files have no {@code ingest_date} column to partition by identity).
 */
public final class IcebergTableCatalog implements TableCatalog {

    /** The snapshot summary properties that name the run whose rows a snapshot added. */
    public static final String RUN_ID = "sluice.run-id";

    public static final String ATTEMPT = "sluice.attempt";

    /**
     * The rows of earlier versions the snapshot removed, counted before the commit, whether whole
     * data files or equality deletes removed them (Iceberg's own {@code deleted-records} counts
     * only the former).
     */
    public static final String DELETED_ROWS = "sluice.deleted-rows";

    private static final Logger log = LoggerFactory.getLogger(IcebergTableCatalog.class);

    private final Catalog catalog;
    private final TableIdentifier id;
    private final String location;
    private final Map<String, String> properties;

    /**
     * @param location the table's root, under which Iceberg keeps {@code metadata/} and the delete
     *     files; the run's data files stay where processor-core wrote them
     * @param properties table properties set when the table is created (commit retries, say)
     */
    public IcebergTableCatalog(
            Catalog catalog, String database, String table, String location, Map<String, String> properties) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.id = TableIdentifier.of(Namespace.of(database), table);
        this.location = stripSlash(Objects.requireNonNull(location, "location"));
        this.properties = Map.copyOf(properties);
    }

    public TableIdentifier identifier() {
        return id;
    }

    /** The table as the catalog has it now, if it exists. */
    public Optional<Table> table() {
        try {
            return Optional.of(catalog.loadTable(id));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    @Override
    public TablePlan plan(Schema batch) {
        Optional<Table> table = table();
        if (table.isEmpty()) {
            return new TablePlan(id.toString(), false, batch, batch.names(), List.of());
        }
        org.apache.iceberg.Schema current = table.get().schema();
        List<Column> write = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        List<TablePlan.Promotion> promoted = new ArrayList<>();
        List<IncompatibleSchemaException.Conflict> conflicts = new ArrayList<>();
        for (Column column : batch.columns()) {
            Types.NestedField field = current.caseInsensitiveFindField(column.name());
            if (field == null) {
                added.add(column.name());
                write.add(column);
                continue;
            }
            Type wanted = IcebergTypes.of(column.type());
            if (!field.type().equals(wanted) && promotable(field.type(), wanted)) {
                promoted.add(new TablePlan.Promotion(column.name(), field.type().toString(), wanted.toString()));
            }
            Optional<ColumnType> as = writeAs(field.type(), column.type());
            if (as.isEmpty()) {
                conflicts.add(new IncompatibleSchemaException.Conflict(
                        column.name(),
                        field.type().toString(),
                        IcebergTypes.of(column.type()).toString()));
            } else {
                if (!as.get().equals(column.type())) {
                    widened.add(column.name());
                }
                write.add(column.withType(as.get()));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IncompatibleSchemaException(id.toString(), conflicts);
        }
        return new TablePlan(id.toString(), true, new Schema(write), added, widened, promoted);
    }

    /**
     * The type to write a batch column as given the table's: its own when the table has that type
     * or Iceberg can widen the table's to it (int to long, float to double, decimal precision up),
     * the table's when that holds every value of the batch's type, else none.
     */
    private static Optional<ColumnType> writeAs(Type table, ColumnType batch) {
        Type wanted = IcebergTypes.of(batch);
        if (table.equals(wanted) || promotable(table, wanted)) {
            return Optional.of(batch);
        }
        return IcebergTypes.columnType(table).flatMap(t -> ColumnTypes.writeAs(t.athenaType(), batch));
    }

    private static boolean promotable(Type from, Type to) {
        return from.isPrimitiveType()
                && to.isPrimitiveType()
                && TypeUtil.isPromotionAllowed(from, to.asPrimitiveType());
    }

    @Override
    public CatalogChange commit(TablePlan plan, String ingestDate) {
        throw new UnsupportedOperationException("table " + id + ": an Iceberg commit needs the run's files");
    }

    @Override
    public Optional<Publication.Committed> committed(long runId) {
        return table().flatMap(t -> runSnapshot(t, runId).map(s -> committed(t, s, false, 0)));
    }

    @Override
    public CatalogChange commit(TablePlan plan, String ingestDate, Publication publication) {
        return commitAfter(plan, ingestDate, publication, () -> {});
    }

    /**
     * The commit, with {@code beforeCommit} run once the run's snapshot is staged and before it is
     * committed: where tests put the concurrent writer that races it.
     */
    CatalogChange commitAfter(TablePlan plan, String ingestDate, Publication publication, Runnable beforeCommit) {
        long started = System.nanoTime();
        boolean created = false;
        Table table;
        Optional<Table> existing = table();
        if (existing.isPresent()) {
            table = existing.get();
        } else {
            try {
                table = create(plan.writeSchema());
                created = true;
            } catch (AlreadyExistsException e) {
                table = catalog.loadTable(id); // another run created it since the plan
            }
        }
        Optional<Snapshot> earlier = runSnapshot(table, publication.runId());
        if (earlier.isPresent()) {
            log.info(
                    "Table {}: run {} is already in snapshot {} (attempt {}); attempt {} commits nothing",
                    id,
                    publication.runId(),
                    earlier.get().snapshotId(),
                    earlier.get().summary().get(ATTEMPT),
                    publication.attempt());
            return committed(table, earlier.get(), false, 0).change();
        }
        Transaction tx = table.newTransaction();
        List<String> added = evolve(tx, plan.writeSchema());
        new RunCommit(table, tx, publication, location).commit();
        beforeCommit.run();
        try {
            tx.commitTransaction();
        } catch (CommitFailedException | ValidationException e) {
            throw new IllegalStateException(
                    "table " + id + ": run " + publication.runId() + " attempt " + publication.attempt()
                            + " was not committed, another commit conflicts with it (nothing of the run is in"
                            + " the table; a retry commits it again): " + e.getMessage(),
                    e);
        }
        table.refresh();
        Snapshot snapshot = runSnapshot(table, publication.runId())
                .orElseThrow(() -> new IllegalStateException(
                        "table " + id + ": the snapshot of run " + publication.runId() + " is not in its history"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return withChanges(committed(table, snapshot, created, millis).change(), created, added);
    }

    private Table create(Schema batch) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
            try {
                namespaces.createNamespace(id.namespace());
            } catch (AlreadyExistsException e) {
                // created by another run meanwhile
            }
        }
        org.apache.iceberg.Schema schema = IcebergSchemas.of(batch);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableProperties.FORMAT_VERSION, "2");
        props.put(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)));
        // exact bounds of the key column: a file of one key is removed whole, and a concurrent
        // commit conflicts only when it really touches the same keys
        props.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + IcebergSchemas.SOURCE_FILE, "full");
        props.putAll(properties);
        log.info("Table {}: created in Iceberg format at {}", id, location);
        return catalog.buildTable(id, schema)
                .withPartitionSpec(IcebergSchemas.spec(schema))
                .withLocation(location)
                .withProperties(props)
                .create();
    }

    /**
     * Adds the batch's new columns and widens what Iceberg widens, in the run's transaction; a type
     * the table cannot take (changed by another run since the plan) stops the commit.
     */
    private List<String> evolve(Transaction tx, Schema batch) {
        org.apache.iceberg.Schema current = tx.table().schema();
        UpdateSchema update = null;
        List<String> added = new ArrayList<>();
        List<IncompatibleSchemaException.Conflict> conflicts = new ArrayList<>();
        for (Column column : batch.columns()) {
            Type wanted = IcebergTypes.of(column.type());
            Types.NestedField field = current.caseInsensitiveFindField(column.name());
            if (field == null) {
                update = update == null ? tx.updateSchema() : update;
                update.addColumn(
                        column.name(),
                        wanted,
                        column.originalName().equals(column.name()) ? null : "CSV header: " + column.originalName());
                added.add(column.name());
            } else if (!field.type().equals(wanted)) {
                if (promotable(field.type(), wanted)) {
                    update = update == null ? tx.updateSchema() : update;
                    update.updateColumn(field.name(), wanted.asPrimitiveType());
                } else if (writeAs(field.type(), column.type()).isEmpty()) {
                    conflicts.add(new IncompatibleSchemaException.Conflict(
                            column.name(), field.type().toString(), wanted.toString()));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IncompatibleSchemaException(id.toString(), conflicts);
        }
        if (update != null) {
            update.commit();
            tx.updateProperties()
                    .set(
                            TableProperties.DEFAULT_NAME_MAPPING,
                            NameMappingParser.toJson(
                                    MappingUtil.create(tx.table().schema())))
                    .commit();
        }
        return added;
    }

    /** The snapshot that added a run's rows, if the table's history (what expiry kept) has it. */
    static Optional<Snapshot> runSnapshot(Table table, long runId) {
        String run = Long.toString(runId);
        for (Snapshot snapshot : table.snapshots()) {
            if (run.equals(snapshot.summary().get(RUN_ID))) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    private Publication.Committed committed(Table table, Snapshot snapshot, boolean created, long millis) {
        Map<String, String> s = snapshot.summary();
        Map<String, Long> files = new HashMap<>();
        snapshot.addedDataFiles(table.io()).forEach(f -> files.put(f.location(), f.recordCount()));
        TableSnapshot record = new TableSnapshot(
                snapshot.snapshotId(),
                Integer.parseInt(s.getOrDefault(ATTEMPT, "0")),
                count(s, SnapshotSummary.ADDED_FILES_PROP),
                count(s, SnapshotSummary.DELETED_FILES_PROP),
                count(s, SnapshotSummary.ADDED_RECORDS_PROP),
                // snapshots committed before Sluice counted them: Iceberg's count of whole files' rows
                s.containsKey(DELETED_ROWS) ? count(s, DELETED_ROWS) : count(s, SnapshotSummary.DELETED_RECORDS_PROP),
                count(s, SnapshotSummary.ADDED_DELETE_FILES_PROP),
                count(s, SnapshotSummary.ADDED_EQ_DELETES_PROP),
                millis);
        CatalogChange change = new CatalogChange(created, List.of(), false, false, location, Optional.of(record));
        return new Publication.Committed(change, files);
    }

    private static CatalogChange withChanges(CatalogChange c, boolean created, List<String> added) {
        return new CatalogChange(created, added, false, false, c.partitionLocation(), c.snapshot());
    }

    private static long count(Map<String, String> summary, String key) {
        return Long.parseLong(summary.getOrDefault(key, "0"));
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }
}
