package dev.sluice.batch.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep of an Iceberg table where no catalog service does it (embedded; on AWS the Glue Data
 * Catalog's table optimizers do): small files of a partition compacted into files of about the
 * target size, then snapshots older than the retention expired, which deletes the files no kept
 * snapshot needs. Compaction reads the partition's rows through Iceberg's generic reader (deletes
 * applied) and writes them with Iceberg's generic Parquet writer, committed as a rewrite: readers
 * see the same rows before and after.
 */
public final class IcebergMaintenance {

    private static final Logger log = LoggerFactory.getLogger(IcebergMaintenance.class);

    /**
     * @param snapshotAge snapshots older than this are expired (the newest {@code retainLast} stay)
     * @param targetFileBytes files smaller than this are small; compacted files are about this size
     * @param minSmallFiles a partition is compacted once it has this many small files
     */
    public record Settings(Duration snapshotAge, int retainLast, long targetFileBytes, int minSmallFiles) {
        public Settings {
            if (retainLast < 1 || targetFileBytes < 1 || minSmallFiles < 2) {
                throw new IllegalArgumentException("retainLast and targetFileBytes must be positive and minSmallFiles"
                        + " at least 2: " + retainLast + ", " + targetFileBytes + ", " + minSmallFiles);
            }
        }
    }

    /** The table's live files and snapshots before and after one pass. */
    public record Result(
            int dataFilesBefore,
            int dataFilesAfter,
            int deleteFilesBefore,
            int deleteFilesAfter,
            int snapshotsBefore,
            int snapshotsAfter,
            int partitionsCompacted) {}

    private IcebergMaintenance() {}

    public static Result run(Table table, Settings settings, Clock clock) {
        table.refresh();
        int[] before = counts(table);
        int snapshotsBefore = size(table.snapshots());
        int compacted = compact(table, settings);
        table.refresh();
        table.expireSnapshots()
                .expireOlderThan(clock.millis() - settings.snapshotAge().toMillis())
                .retainLast(settings.retainLast())
                .commit();
        table.refresh();
        int[] after = counts(table);
        Result result = new Result(
                before[0], after[0], before[1], after[1], snapshotsBefore, size(table.snapshots()), compacted);
        log.info("Table {}: maintenance {}", table.name(), result);
        return result;
    }

    /** Rewrites each partition that has enough small files; returns how many it rewrote. */
    static int compact(Table table, Settings settings) {
        Snapshot base = table.currentSnapshot();
        if (base == null) {
            return 0;
        }
        Map<String, List<FileScanTask>> byPartition = new LinkedHashMap<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(base.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                String key = task.spec().specId() + "/"
                        + task.spec().partitionToPath(task.file().partition());
                byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(task);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + table.name() + ": cannot list its files", e);
        }
        int compacted = 0;
        for (List<FileScanTask> tasks : byPartition.values()) {
            long small = tasks.stream()
                    .filter(t -> t.file().fileSizeInBytes() < settings.targetFileBytes())
                    .count();
            if (small >= settings.minSmallFiles() && tasks.get(0).spec().equals(table.spec())) {
                rewrite(table, base, tasks, settings.targetFileBytes());
                compacted++;
            }
        }
        return compacted;
    }

    private static void rewrite(Table table, Snapshot base, List<FileScanTask> tasks, long target) {
        PartitionSpec spec = table.spec();
        StructLike partition = tasks.get(0).file().partition();
        Set<DataFile> oldData = new HashSet<>();
        Set<DeleteFile> oldDeletes = new HashSet<>();
        for (FileScanTask t : tasks) {
            oldData.add(t.file().copy());
            t.deletes().forEach(d -> oldDeletes.add(d.copy()));
        }
        List<DataFile> written = new ArrayList<>();
        String prefix = "compacted-" + base.snapshotId() + "-" + UUID.randomUUID();
        try (CloseableIterable<Record> records = CloseableIterable.concat(
                tasks.stream().map(t -> TableRows.read(table, t)).toList())) {
            DataWriter<Record> writer = null;
            try {
                for (Record r : records) {
                    if (writer == null) {
                        writer = writer(table, spec, partition, prefix + "-" + written.size() + ".parquet");
                    }
                    writer.write(r);
                    if (writer.length() >= target) {
                        writer.close();
                        written.add(writer.toDataFile());
                        writer = null;
                    }
                }
            } finally {
                if (writer != null) {
                    writer.close();
                    written.add(writer.toDataFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "table " + table.name() + ": cannot compact partition " + spec.partitionToPath(partition), e);
        }
        table.newRewrite()
                .validateFromSnapshot(base.snapshotId())
                .rewriteFiles(oldData, oldDeletes, new HashSet<>(written), Set.of())
                .commit();
        log.info(
                "Table {}: partition {} compacted, {} data and {} delete files into {}",
                table.name(),
                spec.partitionToPath(partition),
                oldData.size(),
                oldDeletes.size(),
                written.size());
    }

    private static DataWriter<Record> writer(Table table, PartitionSpec spec, StructLike partition, String name)
            throws IOException {
        String path = table.locationProvider().newDataLocation(spec, partition, name);
        return Parquet.writeData(table.io().newOutputFile(path))
                .forTable(table)
                .withSpec(spec)
                .withPartition(partition)
                .createWriterFunc(GenericParquetWriter::buildWriter)
                .overwrite()
                .build();
    }

    /** Live data files and delete files of the current snapshot. */
    static int[] counts(Table table) {
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return new int[] {0, 0};
        }
        Map<String, String> s = current.summary();
        return new int[] {
            Integer.parseInt(s.getOrDefault("total-data-files", "0")),
            Integer.parseInt(s.getOrDefault("total-delete-files", "0"))
        };
    }

    private static int size(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
