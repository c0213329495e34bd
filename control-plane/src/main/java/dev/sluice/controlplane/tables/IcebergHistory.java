package dev.sluice.controlplane.tables;

import dev.sluice.batch.iceberg.IcebergTableCatalog;
import dev.sluice.controlplane.tables.TableView.IcebergSnapshot;
import dev.sluice.controlplane.tables.TableView.SchemaChange;
import dev.sluice.controlplane.tables.TableView.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * An Iceberg table's columns and snapshots as its metadata has them. The schema changes of a
 * snapshot are its schema against its parent's (the run's transaction evolves the schema and
 * appends in one commit, so the snapshot of a run carries the schema the run made).
 */
final class IcebergHistory {

    private static final String CSV_HEADER = "CSV header: ";

    private IcebergHistory() {}

    /** The current schema's columns; header and nulls from what the runs' reports recorded, by name. */
    static List<TableColumn> columns(Table table, List<TableColumn> recorded, List<IcebergSnapshot> all) {
        Map<String, TableColumn> byName = new HashMap<>();
        recorded.forEach(c -> byName.put(c.name(), c));
        Map<Integer, Long> addedBy = new HashMap<>();
        List<IcebergSnapshot> oldestFirst = new ArrayList<>(all);
        Collections.reverse(oldestFirst);
        for (IcebergSnapshot s : oldestFirst) { // the first run whose schema has a field added it
            Schema schema = s.schemaId() == null ? null : table.schemas().get(s.schemaId());
            if (s.runId() != null && schema != null) {
                schema.columns().forEach(f -> addedBy.putIfAbsent(f.fieldId(), s.runId()));
            }
        }
        List<TableColumn> columns = new ArrayList<>();
        for (Types.NestedField f : table.schema().columns()) {
            TableColumn known = byName.get(f.name());
            String header = known != null && known.header() != null
                    ? known.header()
                    : f.doc() != null && f.doc().startsWith(CSV_HEADER)
                            ? f.doc().substring(CSV_HEADER.length())
                            : f.name();
            long run = addedBy.getOrDefault(f.fieldId(), known == null ? 0 : known.addedByRun());
            columns.add(new TableColumn(
                    f.name(),
                    athenaType(f.type()),
                    header,
                    known == null ? 0 : known.nullsSeen(),
                    run,
                    f.fieldId(),
                    f.isRequired(),
                    f.type().toString()));
        }
        return columns;
    }

    /** Every snapshot the table keeps, newest first, with the schema changes each made. */
    static List<IcebergSnapshot> snapshots(Table table) {
        Map<Integer, Schema> schemas = table.schemas();
        Map<Long, Snapshot> byId = new HashMap<>();
        List<IcebergSnapshot> out = new ArrayList<>();
        Snapshot previous = null;
        for (Snapshot s : table.snapshots()) {
            byId.put(s.snapshotId(), s);
            Snapshot parent = s.parentId() == null ? null : byId.getOrDefault(s.parentId(), previous);
            Schema before = parent == null ? null : schemas.get(parent.schemaId());
            Schema after = schemas.get(s.schemaId());
            List<SchemaChange> added = new ArrayList<>();
            List<SchemaChange> widened = new ArrayList<>();
            if (before != null && after != null) {
                for (Types.NestedField f : after.columns()) {
                    Types.NestedField was = before.findField(f.fieldId());
                    if (was == null) {
                        added.add(new SchemaChange(f.fieldId(), f.name(), null, athenaType(f.type())));
                    } else if (!was.type().equals(f.type())) {
                        widened.add(
                                new SchemaChange(f.fieldId(), f.name(), athenaType(was.type()), athenaType(f.type())));
                    }
                }
            }
            Map<String, String> summary = s.summary();
            out.add(new IcebergSnapshot(
                    Long.toString(s.snapshotId()),
                    s.parentId() == null ? null : Long.toString(s.parentId()),
                    Instant.ofEpochMilli(s.timestampMillis()),
                    s.operation(),
                    longOrNull(summary.get(IcebergTableCatalog.RUN_ID)),
                    intOrNull(summary.get(IcebergTableCatalog.ATTEMPT)),
                    count(summary, SnapshotSummary.ADDED_FILES_PROP),
                    count(summary, SnapshotSummary.DELETED_FILES_PROP),
                    count(summary, SnapshotSummary.ADDED_RECORDS_PROP),
                    count(summary, SnapshotSummary.DELETED_RECORDS_PROP),
                    s.schemaId(),
                    added,
                    widened));
            previous = s;
        }
        Collections.reverse(out);
        return out;
    }

    /** An Iceberg type by the name Athena gives it in an Iceberg table. */
    static String athenaType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> {
                Types.DecimalType d = (Types.DecimalType) type;
                yield "decimal(" + d.precision() + "," + d.scale() + ")";
            }
            case DATE -> "date";
            case TIMESTAMP ->
                ((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp with time zone" : "timestamp";
            case STRING -> "string";
            case BINARY, FIXED -> "binary";
            default -> type.toString();
        };
    }

    private static long count(Map<String, String> summary, String key) {
        String v = summary.get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static Long longOrNull(String v) {
        try {
            return v == null ? null : Long.valueOf(v);
        } catch (NumberFormatException e) {
            return null; // a summary some other writer set: not a run of Sluice
        }
    }

    private static Integer intOrNull(String v) {
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
