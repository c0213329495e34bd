package dev.sluice.batch.iceberg;

import dev.sluice.batch.catalog.Publication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The one snapshot of a run, staged in its transaction: the run's data files added and, for the keys
 * it replaces, their earlier rows removed. A data file that holds only keys being replaced (its
 * {@code source_file} lower and upper bounds are one replaced key, as every file processor-core
 * writes) is removed whole; when some such rows share a file with other keys (after compaction), an
 * equality delete on {@code source_file} in that file's partition removes them instead: it applies
 * to data files older than itself only, so the run's new rows stay. The commit is validated against
 * concurrent commits that add or delete rows of the same keys (the run's own and those it replaces)
 * since the run's base snapshot, so that two attempts of one run never both commit.
 */
final class RunCommit {

    private final Transaction tx;
    private final Table base;
    private final Table table;
    private final Publication publication;
    private final String location;
    /** Rows of the replaced keys in the base snapshot, deletes applied: what the commit removes. */
    private long removedRows;

    private final Set<String> counted = new HashSet<>();

    /** @param base the table the transaction started from, to scan (a transaction's table cannot) */
    RunCommit(Table base, Transaction tx, Publication publication, String location) {
        this.tx = tx;
        this.base = base;
        this.table = tx.table();
        this.publication = publication;
        this.location = location;
    }

    void commit() {
        List<DataFile> files = dataFiles();
        Set<String> keys = new TreeSet<>(publication.replaceKeys());
        Snapshot baseSnapshot = base.currentSnapshot();
        List<DataFile> whole = new ArrayList<>();
        Map<StructLike, Set<String>> shared = new HashMap<>();
        Map<StructLike, PartitionSpec> specs = new HashMap<>();
        if (!keys.isEmpty() && baseSnapshot != null) {
            findEarlier(keys, whole, shared, specs);
        }
        // Rows of the run's own keys or of the keys it replaces, added or deleted by a commit since the
        // base, conflict: another run's, or another attempt of this run that got past the lease (Iceberg
        // would otherwise re-apply a plain append onto that attempt's snapshot and commit the run twice).
        Set<String> guarded = new TreeSet<>(keys);
        publication.files().forEach(f -> guarded.add(f.sourceFile()));
        Expression conflicts = Expressions.in(IcebergSchemas.SOURCE_FILE, guarded.toArray());
        Long from = baseSnapshot == null ? null : baseSnapshot.snapshotId();
        SnapshotUpdate<?> update;
        if (shared.isEmpty()) {
            // an overwrite that only adds files is an "append" snapshot, as readers of appends expect
            var overwrite = tx.newOverwrite();
            files.forEach(overwrite::addFile);
            whole.forEach(overwrite::deleteFile);
            if (from != null) {
                overwrite.validateFromSnapshot(from);
            }
            overwrite
                    .conflictDetectionFilter(conflicts)
                    .validateNoConflictingData()
                    .validateNoConflictingDeletes();
            update = overwrite;
        } else {
            var delta = tx.newRowDelta();
            files.forEach(delta::addRows);
            // rows of whole files go by the same equality delete as the shared ones
            for (DataFile f : whole) {
                shared.computeIfAbsent(f.partition(), p -> new LinkedHashSet<>())
                        .addAll(keysOf(f, keys));
                specs.putIfAbsent(f.partition(), table.specs().get(f.specId()));
            }
            int n = 0;
            for (Map.Entry<StructLike, Set<String>> e : shared.entrySet()) {
                delta.addDeletes(equalityDelete(specs.get(e.getKey()), e.getKey(), e.getValue(), n++));
            }
            delta.validateFromSnapshot(from)
                    .conflictDetectionFilter(conflicts)
                    .validateNoConflictingDataFiles()
                    .validateNoConflictingDeleteFiles();
            update = delta;
        }
        update.set(IcebergTableCatalog.RUN_ID, Long.toString(publication.runId()));
        update.set(IcebergTableCatalog.ATTEMPT, Integer.toString(publication.attempt()));
        update.set(IcebergTableCatalog.DELETED_ROWS, Long.toString(removedRows));
        update.commit();
    }

    /** The run's files with the metrics of their footers, read through the table's name mapping. */
    private List<DataFile> dataFiles() {
        NameMapping mapping = MappingUtil.create(table.schema());
        MetricsConfig metrics = MetricsConfig.forTable(table);
        PartitionSpec spec = table.spec();
        String day =
                publication.processedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        List<DataFile> files = new ArrayList<>();
        for (Publication.DataFile f : publication.files()) {
            InputFile in = table.io().newInputFile(f.uri());
            files.add(DataFiles.builder(spec)
                    .withInputFile(in)
                    .withPath(f.uri())
                    .withFormat(FileFormat.PARQUET)
                    .withMetrics(withKey(ParquetUtil.fileMetrics(in, metrics, mapping), f.sourceFile()))
                    .withPartitionPath(IcebergSchemas.DAY_FIELD + "=" + day)
                    .build());
        }
        return files;
    }

    /**
     * The file's metrics with the bounds of {@code source_file} set to its one key: processor-core
     * writes no statistics for that column (it is constant per file, and in the footer's key-value
     * metadata), and every file it writes holds the rows of one source file.
     */
    private Metrics withKey(Metrics m, String key) {
        int id = table.schema().findField(IcebergSchemas.SOURCE_FILE).fieldId();
        ByteBuffer bound = Conversions.toByteBuffer(Types.StringType.get(), key);
        Map<Integer, ByteBuffer> lower = new HashMap<>(m.lowerBounds() == null ? Map.of() : m.lowerBounds());
        Map<Integer, ByteBuffer> upper = new HashMap<>(m.upperBounds() == null ? Map.of() : m.upperBounds());
        lower.put(id, bound);
        upper.put(id, bound.duplicate());
        return new Metrics(
                m.recordCount(),
                m.columnSizes(),
                m.valueCounts(),
                m.nullValueCounts(),
                m.nanValueCounts(),
                lower,
                upper);
    }

    /** The current data files that may hold rows of the keys, sorted into whole and shared ones. */
    private void findEarlier(
            Set<String> keys,
            List<DataFile> whole,
            Map<StructLike, Set<String>> shared,
            Map<StructLike, PartitionSpec> specs) {
        int sourceId = base.schema().findField(IcebergSchemas.SOURCE_FILE).fieldId();
        try (CloseableIterable<FileScanTask> tasks = base.newScan()
                .filter(Expressions.in(IcebergSchemas.SOURCE_FILE, keys.toArray()))
                .includeColumnStats()
                .planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile f = task.file();
                String lower = bound(f.lowerBounds(), sourceId);
                String upper = bound(f.upperBounds(), sourceId);
                if (lower != null && lower.equals(upper) && keys.contains(lower)) {
                    whole.add(f);
                    count(task, keys, true);
                } else {
                    Set<String> in = keysOf(f, keys);
                    if (!in.isEmpty()) {
                        shared.computeIfAbsent(f.partition(), p -> new LinkedHashSet<>())
                                .addAll(in);
                        specs.putIfAbsent(f.partition(), table.specs().get(f.specId()));
                        count(task, keys, false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + table.name() + ": cannot list its data files", e);
        }
    }

    /**
     * Adds the rows of the keys that a data file (or its split) holds at the base snapshot to what
     * the commit removes. Iceberg's summary counts the records of files removed whole, but for an
     * equality delete only the delete records (one per key), and a row already deleted earlier is
     * in neither: so the rows are counted here, by reading them when deletes or other keys share
     * the file.
     */
    private void count(FileScanTask task, Set<String> keys, boolean whole) {
        if (whole && task.deletes().isEmpty()) {
            if (counted.add(task.file().location())) {
                removedRows += task.file().recordCount();
            }
            return;
        }
        try (CloseableIterable<Record> rows = TableRows.read(base, task)) {
            for (Record r : rows) {
                Object key = r.getField(IcebergSchemas.SOURCE_FILE);
                if (key != null && keys.contains(key.toString())) {
                    removedRows++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "table " + table.name() + ": cannot read " + task.file().location() + " to count its rows", e);
        }
    }

    /** The keys a file's bounds admit (all of them when it has none). */
    private Set<String> keysOf(DataFile f, Set<String> keys) {
        int sourceId = table.schema().findField(IcebergSchemas.SOURCE_FILE).fieldId();
        String lower = bound(f.lowerBounds(), sourceId);
        String upper = bound(f.upperBounds(), sourceId);
        Set<String> in = new LinkedHashSet<>();
        for (String k : keys) {
            // string bounds may be truncated: a prefix bound admits more, never less
            if ((lower == null || lower.compareTo(k) <= 0)
                    && (upper == null || k.compareTo(upper) <= 0 || k.startsWith(upper))) {
                in.add(k);
            }
        }
        return in;
    }

    private static String bound(Map<Integer, ByteBuffer> bounds, int id) {
        if (bounds == null || !bounds.containsKey(id)) {
            return null;
        }
        return Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), bounds.get(id))
                .toString();
    }

    private DeleteFile equalityDelete(PartitionSpec spec, StructLike partition, Set<String> keys, int n) {
        org.apache.iceberg.Schema rowSchema = table.schema().select(IcebergSchemas.SOURCE_FILE);
        int sourceId = rowSchema.findField(IcebergSchemas.SOURCE_FILE).fieldId();
        String path =
                location + "/deletes/run-" + publication.runId() + "-" + publication.attempt() + "-" + n + ".parquet";
        try {
            // Through the appender factory, whose API names no Parquet type: on Glue, Iceberg's
            // Parquet is relocated inside its runtime jar (and this jar relocates its own), so a
            // writer function typed on Parquet's MessageType would not link there.
            EqualityDeleteWriter<Record> writer = new GenericAppenderFactory(
                            table.schema(), spec, new int[] {sourceId}, rowSchema, null)
                    .setAll(table.properties())
                    .newEqDeleteWriter(
                            EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)),
                            FileFormat.PARQUET,
                            partition);
            try (writer) {
                for (String key : keys) {
                    Record r = GenericRecord.create(rowSchema);
                    r.setField(IcebergSchemas.SOURCE_FILE, key);
                    writer.write(r);
                }
            }
            return writer.toDeleteFile();
        } catch (IOException e) {
            throw new UncheckedIOException("table " + table.name() + ": cannot write the delete file " + path, e);
        }
    }
}
