package dev.sluice.batch.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.LocalRuns;
import dev.sluice.batch.PoolTaskRunner;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.Publication;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.FileSplit;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.manifest.TableOutput;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of batch-core into an Iceberg table of Iceberg's JDBC catalog (on H2, as embedded), read back
 * with Iceberg's generic reader and with DuckDB over the current snapshot's data files.
 */
class IcebergBatchTest {

    private static final AtomicLong DATABASES = new AtomicLong();

    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    JdbcCatalog catalog;
    IcebergTableCatalog tables;
    FileSplit split = FileSplit.OFF;

    TableOutput output = new TableOutput(
            TableOutput.Format.ICEBERG,
            TableOutput.DEFAULT_TARGET_FILE_SIZE,
            TableOutput.SchemaMode.EVOLVE,
            TableOutput.OnNewVersion.REPLACE);

    @BeforeEach
    void catalog() {
        String url = "jdbc:h2:mem:iceberg" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        catalog = new JdbcCatalog(p -> new LocalFileIO(), p -> new JdbcClientPool(url, p), true);
        catalog.initialize(
                "sluice",
                Map.of(
                        CatalogProperties.URI,
                        url,
                        CatalogProperties.WAREHOUSE_LOCATION,
                        dir.resolve("out").toUri().toString(),
                        "jdbc.schema-version",
                        "V1"));
        tables = new IcebergTableCatalog(
                catalog, "db", "orders", dir.resolve("out/orders").toUri().toString(), Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        pool.shutdownNow();
        catalog.close();
    }

    @Test
    void aRunIsOneSnapshotThatNamesItAndItsRowsReadBackByBothReaders() throws Exception {
        RunReport report = run(
                1,
                1,
                tables,
                version("a.csv", 1, "id,amount\n1,2.50\n2,3.75\n"),
                version("b.csv", 1, "id,amount\n3,1.00\n"));

        Table table = table();
        assertThat(table.snapshots()).hasSize(1);
        Snapshot s = table.currentSnapshot();
        assertThat(s.summary())
                .containsEntry("sluice.run-id", "1")
                .containsEntry("sluice.attempt", "1")
                .containsEntry("added-data-files", "2")
                .containsEntry("added-records", "3");
        RunReport.TableSnapshot recorded =
                report.catalog().orElseThrow().snapshot().orElseThrow();
        assertThat(recorded.snapshotId()).isEqualTo(s.snapshotId());
        assertThat(recorded.addedFiles()).isEqualTo(2);
        assertThat(recorded.addedRows()).isEqualTo(3);
        assertThat(report.catalog().orElseThrow().tableCreated()).isTrue();
        assertThat(table.spec().fields())
                .singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("processed_at_day"));
        assertThat(table.schema().toString())
                .contains(
                        "id: optional int",
                        "amount: optional decimal(3, 2)",
                        "processed_at: required timestamptz",
                        "source_file: required string");
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 2.50 s3://landing/a.csv", "2 3.75 s3://landing/a.csv", "3 1.00 s3://landing/b.csv");
        assertThat(duckDb()).isEqualTo(rows());
    }

    @Test
    void aNewVersionOfAKeyReplacesItsRowsInTheSameSnapshot() throws Exception {
        run(
                1,
                1,
                tables,
                version("a.csv", 1, "id,amount\n1,2.50\n2,3.75\n"),
                version("b.csv", 1, "id,amount\n3,1.00\n"));
        long before = table().currentSnapshot().snapshotId();

        RunReport second = run(2, 1, tables, version("a.csv", 2, "id,amount\n1,2.55\n"));

        Snapshot s = table().currentSnapshot();
        assertThat(s.parentId()).isEqualTo(before);
        assertThat(s.operation()).isEqualTo("overwrite");
        assertThat(s.summary())
                .containsEntry("deleted-data-files", "1")
                .containsEntry("added-data-files", "1")
                .containsEntry("deleted-records", "2");
        assertThat(second.catalog().orElseThrow().snapshot().orElseThrow().deletedRows())
                .isEqualTo(2);
        assertThat(rows()).containsExactlyInAnyOrder("1 2.55 s3://landing/a.csv", "3 1.00 s3://landing/b.csv");
        assertThat(duckDb()).isEqualTo(rows());
        // time travel: the snapshot before the run is the table as it was
        assertThat(rows(before))
                .containsExactlyInAnyOrder(
                        "1 2.50 s3://landing/a.csv", "2 3.75 s3://landing/a.csv", "3 1.00 s3://landing/b.csv");
    }

    @Test
    void aFileConvertedAsRangesIsOneSnapshotOfItsRangeFilesAndANewVersionReplacesThemAll() throws Exception {
        split = new FileSplit(64 << 10, 128 << 10);
        StringBuilder big = new StringBuilder("id,amount\n");
        for (int i = 1; i <= 40_000; i++) {
            big.append(i).append(',').append(i % 1000).append(".25\n");
        }
        Path a1 = version("a.csv", 1, big.toString());
        RunReport first = run(1, 1, tables, a1, version("b.csv", 1, "id,amount\n0,1.00\n"));

        int ranges = first.files().get(0).parquetRanges().size();
        assertThat(ranges).isGreaterThanOrEqualTo(4);
        assertThat(table().snapshots()).hasSize(1);
        assertThat(table().currentSnapshot().summary())
                .containsEntry("added-data-files", String.valueOf(ranges + 1))
                .containsEntry("added-records", "40001");
        assertThat(rows()).hasSize(40_001).doesNotHaveDuplicates();
        assertThat(duckDb()).isEqualTo(rows());

        // an attempt after the commit finds every range file in the snapshot
        RunReport again = run(1, 2, tables, a1, version("b.csv", 1, "id,amount\n0,1.00\n"));
        assertThat(again.files().get(0).parquetRanges())
                .isEqualTo(first.files().get(0).parquetRanges());
        assertThat(again.rowsWritten()).isEqualTo(40_001);
        assertThat(table().snapshots()).hasSize(1);

        run(2, 1, tables, version("a.csv", 2, "id,amount\n1,9.75\n"));
        assertThat(table().currentSnapshot().summary())
                .containsEntry("deleted-data-files", String.valueOf(ranges))
                .containsEntry("deleted-records", "40000");
        assertThat(rows()).containsExactlyInAnyOrder("0 1.00 s3://landing/b.csv", "1 9.75 s3://landing/a.csv");
    }

    @Test
    void withAppendANewVersionIsAddedBesideTheOld() throws Exception {
        output = new TableOutput(
                TableOutput.Format.ICEBERG,
                TableOutput.DEFAULT_TARGET_FILE_SIZE,
                TableOutput.SchemaMode.EVOLVE,
                TableOutput.OnNewVersion.APPEND);
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        run(2, 1, tables, version("a.csv", 2, "id\n2\n"));

        assertThat(table().currentSnapshot().operation()).isEqualTo("append");
        assertThat(rows()).containsExactlyInAnyOrder("1 s3://landing/a.csv", "2 s3://landing/a.csv");
    }

    @Test
    void anAddedColumnAndAWidenedTypeEvolveTheTableByFieldId() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id,amount\n1,2.50\n"));
        RunReport second = run(2, 1, tables, version("b.csv", 1, "id,amount,note\n12345678901,123.25,hi\n"));

        Table table = table();
        assertThat(second.catalog().orElseThrow().columnsAdded()).containsExactly("note");
        assertThat(table.schema().findField("id").type().toString()).isEqualTo("long");
        assertThat(table.schema().findField("amount").type().toString()).isEqualTo("decimal(5, 2)");
        assertThat(table.schema().findField("id").fieldId()).isEqualTo(1);
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 2.50 s3://landing/a.csv null", "12345678901 123.25 s3://landing/b.csv hi");
    }

    @Test
    void aConflictingTypeIsRefusedNamingTheColumnAndNothingIsCommitted() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id,day\n1,2026-01-02\n"));
        long before = table().currentSnapshot().snapshotId();

        assertThatThrownBy(() -> run(2, 1, tables, version("b.csv", 1, "id,day\nx,true\n")))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("column 'day' is date in the table, this batch needs boolean");

        assertThat(table().currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(table().snapshots()).hasSize(1);
    }

    @Test
    void freezeRefusesAWidenedTypeAndANewColumnNamingFileColumnAndTypesWithNoNewSnapshot() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id,amount\n1,2.50\n"));
        output = mode(TableOutput.SchemaMode.FREEZE);
        long before = table().currentSnapshot().snapshotId();

        // Iceberg would widen int to long in place: under freeze that is a change like any other
        assertThatThrownBy(() -> run(2, 1, tables, version("b.csv", 1, "id,amount,note\n12345678901,1.25,hi\n")))
                .hasMessageContaining("table db.orders is frozen (schema mode freeze), nothing was written")
                .hasMessageContaining(
                        "s3://landing/b.csv: column 'id' is int in the table db.orders, the file has long")
                .hasMessageContaining("column 'note' is not in the table db.orders, the file has string");

        assertThat(table().currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(table().snapshots()).hasSize(1);
        assertThat(table().schema().findField("id").type().toString()).isEqualTo("int");
        assertThat(table().schema().findField("note")).isNull();

        // fewer columns and a narrower type the column holds change nothing: written under freeze
        run(3, 1, tables, version("c.csv", 1, "id\n7\n"));
        assertThat(rows()).containsExactlyInAnyOrder("1 2.50 s3://landing/a.csv", "7 null s3://landing/c.csv");
        assertThat(table().snapshots()).hasSize(2);
    }

    @Test
    void quarantineSetsTheChangingFileAsideAndCommitsTheRestInOneSnapshot() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        output = mode(TableOutput.SchemaMode.QUARANTINE);

        RunReport report = run(
                2,
                1,
                tables,
                version("b.csv", 1, "id\n12345678901\n"),
                version("c.csv", 1, "id\n5\n6\n"),
                version("d.csv", 1, "id,day\n8,2026-01-02\n"));

        assertThat(report.files())
                .filteredOn(RunReport.FileReport::quarantined)
                .extracting(f -> f.uri())
                .containsExactly("s3://landing/b.csv", "s3://landing/d.csv");
        assertThat(report.files())
                .filteredOn(RunReport.FileReport::quarantined)
                .extracting(f -> f.error().orElseThrow())
                .containsExactly(
                        "s3://landing/b.csv: set aside (schema mode quarantine): column 'id' is int in the table"
                                + " db.orders, the file has long",
                        "s3://landing/d.csv: set aside (schema mode quarantine): column 'day' is not in the table"
                                + " db.orders, the file has date");
        Table table = table();
        assertThat(table.snapshots()).hasSize(2);
        assertThat(table.currentSnapshot().summary())
                .containsEntry("sluice.run-id", "2")
                .containsEntry("added-data-files", "1")
                .containsEntry("added-records", "2");
        assertThat(table.schema().findField("id").type().toString()).isEqualTo("int");
        assertThat(table.schema().findField("day")).isNull();
        assertThat(rows())
                .containsExactlyInAnyOrder("1 s3://landing/a.csv", "5 s3://landing/c.csv", "6 s3://landing/c.csv");
        assertThat(duckDb()).isEqualTo(rows());
    }

    @Test
    void aKeyReplacedInsideACompactedFileReportsTheRowsItsEqualityDeleteRemoved() throws Exception {
        run(1, 1, tables, version("k1.csv", 1, "id\n1\n2\n"));
        run(2, 1, tables, version("k2.csv", 1, "id\n3\n4\n5\n"));
        IcebergMaintenance.run(
                table(), new IcebergMaintenance.Settings(Duration.ZERO, 1, 1024 * 1024, 2), Clock.systemUTC());
        assertThat(dataFiles()).hasSize(1);

        RunReport replaced = run(3, 1, tables, version("k2.csv", 2, "id\n30\n"));

        Snapshot s = table().currentSnapshot();
        assertThat(s.summary())
                .as("Iceberg counts the delete records, one per key, not the rows they remove")
                .containsEntry("added-equality-deletes", "1")
                .doesNotContainKey("deleted-records")
                .containsEntry("sluice.deleted-rows", "3");
        RunReport.TableSnapshot recorded =
                replaced.catalog().orElseThrow().snapshot().orElseThrow();
        assertThat(recorded.deletedRows()).isEqualTo(3);
        assertThat(recorded.equalityDeleteKeys()).isEqualTo(1);
        assertThat(recorded.deletedFiles()).isZero();
        assertThat(rows())
                .containsExactlyInAnyOrder("1 s3://landing/k1.csv", "2 s3://landing/k1.csv", "30 s3://landing/k2.csv");

        // replaced again: the compacted file's rows of k2 are already deleted, the new file goes whole
        RunReport again = run(4, 1, tables, version("k2.csv", 3, "id\n40\n41\n"));
        assertThat(again.catalog().orElseThrow().snapshot().orElseThrow().deletedRows())
                .isEqualTo(1);
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 s3://landing/k1.csv",
                        "2 s3://landing/k1.csv",
                        "40 s3://landing/k2.csv",
                        "41 s3://landing/k2.csv");
    }

    private static TableOutput mode(TableOutput.SchemaMode mode) {
        return new TableOutput(
                TableOutput.Format.ICEBERG,
                TableOutput.DEFAULT_TARGET_FILE_SIZE,
                mode,
                TableOutput.OnNewVersion.REPLACE);
    }

    @Test
    void aRunKilledBeforeItsCommitLeavesTheTableUnchangedAndItsRetryCommitsOnce() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        long before = table().currentSnapshot().snapshotId();
        Path b = version("b.csv", 1, "id\n2\n3\n");

        assertThatThrownBy(() -> run(2, 1, new CrashBeforeCommit(tables), b))
                .hasMessageContaining("killed between writing its files and committing");
        assertThat(table().currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(rows()).containsExactly("1 s3://landing/a.csv");

        RunReport retry = run(2, 2, tables, b);

        assertThat(table().snapshots()).hasSize(2);
        assertThat(table().currentSnapshot().summary()).containsEntry("sluice.attempt", "2");
        assertThat(retry.rowsWritten()).isEqualTo(2);
        assertThat(rows())
                .containsExactlyInAnyOrder("1 s3://landing/a.csv", "2 s3://landing/b.csv", "3 s3://landing/b.csv");
    }

    @Test
    void anAttemptOfARunAlreadyCommittedCommitsNothingAndReportsThatSnapshot() throws Exception {
        Path a = version("a.csv", 1, "id\n1\n2\n");
        RunReport first = run(1, 1, tables, a);
        List<String> filesBefore = dataFiles();

        RunReport again = run(1, 2, tables, a);

        assertThat(table().snapshots()).hasSize(1);
        RunReport.TableSnapshot s = again.catalog().orElseThrow().snapshot().orElseThrow();
        assertThat(s.snapshotId())
                .isEqualTo(
                        first.catalog().orElseThrow().snapshot().orElseThrow().snapshotId());
        assertThat(s.attempt()).isEqualTo(1);
        assertThat(again.rowsWritten()).isEqualTo(2);
        assertThat(again.files())
                .singleElement()
                .satisfies(f -> assertThat(f.failed()).isFalse());
        assertThat(dataFiles()).isEqualTo(filesBefore);
        assertThat(rows()).containsExactlyInAnyOrder("1 s3://landing/a.csv", "2 s3://landing/a.csv");
        assertThat(duckDb()).isEqualTo(rows());
    }

    @Test
    void concurrentRunsOnOneTableBothCommitThroughIcebergsRetries() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        Path b = version("b.csv", 1, "id\n2\n");
        Path c = version("c.csv", 1, "id\n3\n");
        ExecutorService runs = Executors.newFixedThreadPool(2);
        try {
            // each commit goes in while the other run's commit is staged on the same base
            CommitTogether together = new CommitTogether(2);
            Future<RunReport> two = runs.submit(() -> run(2, 1, together.around(tables), b));
            Future<RunReport> three = runs.submit(() -> run(3, 1, together.around(tables), c));
            two.get();
            three.get();
        } finally {
            runs.shutdownNow();
        }
        assertThat(table().snapshots()).hasSize(3);
        assertThat(rows())
                .containsExactlyInAnyOrder("1 s3://landing/a.csv", "2 s3://landing/b.csv", "3 s3://landing/c.csv");
    }

    @Test
    void twoAttemptsOfOneRunRacingPastTheLeaseCommitItOnce() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        Path b = version("b.csv", 1, "id\n2\n3\n");
        TableCatalog racing = new Delegate(tables) {
            @Override
            public CatalogChange commit(TablePlan plan, String date, Publication publication) {
                // attempt 2 of the same run commits while attempt 1's snapshot is staged on the same base
                return tables.commitAfter(plan, date, publication, () -> {
                    try {
                        run(2, 2, tables, b);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };

        assertThatThrownBy(() -> run(2, 1, racing, b))
                .hasMessageContaining("table db.orders: run 2 attempt 1 was not committed, another commit conflicts");

        assertThat(table().snapshots())
                .filteredOn(s -> "2".equals(s.summary().get("sluice.run-id")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.summary()).containsEntry("sluice.attempt", "2");
                    assertThat(s.operation())
                            .as("still an append for readers of appends")
                            .isEqualTo("append");
                });
        assertThat(rows())
                .containsExactlyInAnyOrder("1 s3://landing/a.csv", "2 s3://landing/b.csv", "3 s3://landing/b.csv");
        assertThat(duckDb()).isEqualTo(rows());
    }

    @Test
    void aConcurrentCommitOfTheSameKeyFailsTheRunClearlyWithNothingCommitted() throws Exception {
        run(1, 1, tables, version("a.csv", 1, "id\n1\n"));
        Path second = version("a.csv", 2, "id\n2\n");
        Path third = version("a.csv", 3, "id\n3\n");
        TableCatalog racing = new Delegate(tables) {
            @Override
            public CatalogChange commit(TablePlan plan, String date, Publication publication) {
                // the run's transaction starts from the table before run 3 commits the same key
                return tables.commitAfter(plan, date, publication, () -> {
                    try {
                        run(3, 1, tables, third);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };

        assertThatThrownBy(() -> run(2, 1, racing, second))
                .hasMessageContaining("table db.orders: run 2 attempt 1 was not committed, another commit conflicts");

        assertThat(rows()).containsExactly("3 s3://landing/a.csv");
        assertThat(IcebergTableCatalog.runSnapshot(table(), 2)).isEmpty();
    }

    @Test
    void maintenanceCompactsSmallFilesAndAReplacedKeyInACompactedFileGoesByAnEqualityDelete() throws Exception {
        for (int run = 1; run <= 4; run++) {
            run(run, 1, tables, version("k" + run + ".csv", 1, "id\n" + run + "\n"));
        }
        IcebergMaintenance.Result result = IcebergMaintenance.run(
                table(), new IcebergMaintenance.Settings(Duration.ZERO, 1, 1024 * 1024, 2), Clock.systemUTC());

        assertThat(result.dataFilesBefore()).isEqualTo(4);
        assertThat(result.dataFilesAfter()).isEqualTo(1);
        assertThat(result.partitionsCompacted()).isEqualTo(1);
        assertThat(result.snapshotsAfter()).isEqualTo(1);
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 s3://landing/k1.csv",
                        "2 s3://landing/k2.csv",
                        "3 s3://landing/k3.csv",
                        "4 s3://landing/k4.csv");

        RunReport replaced = run(5, 1, tables, version("k2.csv", 2, "id\n20\n"));

        Snapshot s = table().currentSnapshot();
        assertThat(s.summary())
                .containsEntry("added-equality-delete-files", "1")
                .containsEntry("added-data-files", "1");
        assertThat(replaced.catalog().orElseThrow().snapshot().orElseThrow().equalityDeleteKeys())
                .isEqualTo(1);
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 s3://landing/k1.csv",
                        "20 s3://landing/k2.csv",
                        "3 s3://landing/k3.csv",
                        "4 s3://landing/k4.csv");

        IcebergMaintenance.Result again = IcebergMaintenance.run(
                table(), new IcebergMaintenance.Settings(Duration.ZERO, 1, 1024 * 1024, 2), Clock.systemUTC());
        assertThat(again.deleteFilesBefore()).isEqualTo(1);
        assertThat(again.deleteFilesAfter()).isZero();
        assertThat(again.dataFilesAfter()).isEqualTo(1);
        assertThat(rows())
                .containsExactlyInAnyOrder(
                        "1 s3://landing/k1.csv",
                        "20 s3://landing/k2.csv",
                        "3 s3://landing/k3.csv",
                        "4 s3://landing/k4.csv");
        assertThat(duckDb()).isEqualTo(rows());
    }

    // --- the runs

    private RunReport run(long runId, int attempt, TableCatalog catalog, Path... versions) throws IOException {
        BatchConversion conversion = new BatchConversion(
                new PoolTaskRunner(pool, 2),
                catalog,
                ObjectStores.local(),
                Clock.fixed(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(runId * 60 + attempt), ZoneOffset.UTC));
        BatchJob job = LocalRuns.job(dir, runId, attempt);
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        for (Path v : versions) {
            byte[] bytes = Files.readAllBytes(v);
            String key = v.getFileName().toString().replaceFirst("^v\\d+-", "");
            files.add(new RunManifest.ManifestFile(
                    files.size() + 1,
                    "s3://landing/" + key,
                    "landing",
                    key,
                    bytes.length,
                    LocalRuns.md5(bytes),
                    "",
                    v.toUri().toString()));
        }
        RunManifest manifest = new RunManifest(
                runId,
                attempt,
                "orders",
                job.processingJob(),
                "2026-11-25",
                "",
                "",
                "db",
                "orders",
                files,
                List.of(),
                output,
                split);
        return conversion.run(job, manifest);
    }

    /** One arrival of a key: its own copy, as embedded ingest keeps each version. */
    private Path version(String key, int version, String content) throws IOException {
        Path file = dir.resolve("in").resolve("v" + version + "-" + key);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    // --- reading back

    private Table table() {
        return catalog.loadTable(tables.identifier());
    }

    private List<String> rows() throws IOException {
        return rows(table().currentSnapshot().snapshotId());
    }

    /**
     * Every row at a snapshot as Iceberg's generic records (Iceberg's Parquet reader with the
     * table's name mapping, deletes applied): the data columns and source_file.
     */
    private List<String> rows(long snapshotId) throws IOException {
        Table table = table();
        List<String> names = table.schema().columns().stream()
                .map(c -> c.name())
                .filter(n -> !n.equals("processed_at") && !n.equals("processing_job"))
                .toList();
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = TableRows.read(table, snapshotId)) {
            for (Record r : records) {
                List<String> values = new ArrayList<>();
                for (String n : names) {
                    values.add(String.valueOf(r.getField(n)));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows.stream().sorted().toList();
    }

    /** The current snapshot's data files, as DuckDB reads them (only where no delete file applies). */
    private List<String> duckDb() throws Exception {
        Table table = table();
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask t : tasks) {
                assertThat(t.deletes())
                        .as("DuckDB reads only files without deletes")
                        .isEmpty();
                files.add("'" + LocalFileIO.local(t.file().location()) + "'");
            }
        }
        List<String> names = table.schema().columns().stream()
                .map(c -> c.name())
                .filter(n -> !n.equals("processed_at") && !n.equals("processing_job"))
                .toList();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT " + String.join(", ", names) + " FROM read_parquet(["
                                + String.join(", ", files) + "], union_by_name = true)")) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows.stream().sorted().toList();
    }

    private List<String> dataFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table().newScan().planFiles()) {
            tasks.forEach(t -> files.add(t.file().location() + " " + t.file().fileSizeInBytes()));
        }
        return files.stream().sorted().toList();
    }

    // --- seams

    /** A catalog that passes everything on: tests override the step they interfere with. */
    static class Delegate implements TableCatalog {
        final IcebergTableCatalog target;

        Delegate(IcebergTableCatalog target) {
            this.target = target;
        }

        @Override
        public TablePlan plan(Schema batch) {
            return target.plan(batch);
        }

        @Override
        public CatalogChange commit(TablePlan plan, String ingestDate) {
            return target.commit(plan, ingestDate);
        }

        @Override
        public CatalogChange commit(TablePlan plan, String ingestDate, Publication publication) {
            return target.commit(plan, ingestDate, publication);
        }

        @Override
        public Optional<Publication.Committed> committed(long runId) {
            return target.committed(runId);
        }
    }

    /** The process dies once the run's files are written, before the commit: the commit never runs. */
    static final class CrashBeforeCommit extends Delegate {
        CrashBeforeCommit(IcebergTableCatalog target) {
            super(target);
        }

        @Override
        public CatalogChange commit(TablePlan plan, String ingestDate, Publication publication) {
            throw new IllegalStateException(
                    "run " + publication.runId() + " killed between writing its files and committing");
        }
    }

    /** Holds each run's commit until all of them have staged theirs on the same table version. */
    static final class CommitTogether {
        private final java.util.concurrent.CyclicBarrier barrier;

        CommitTogether(int runs) {
            barrier = new java.util.concurrent.CyclicBarrier(runs);
        }

        TableCatalog around(IcebergTableCatalog target) {
            return new Delegate(target) {
                @Override
                public CatalogChange commit(TablePlan plan, String date, Publication publication) {
                    return target.commitAfter(plan, date, publication, () -> {
                        try {
                            barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            };
        }
    }
}
