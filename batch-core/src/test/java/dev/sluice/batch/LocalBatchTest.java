package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded executor's engine: batch-core on a thread pool, the table's schema in a file. */
class LocalBatchTest {

    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void compatibleBatchesWidenAndAddColumnsAndAConflictWritesNothing() throws Exception {
        run(
                1,
                LocalRuns.csv(dir, "a.csv", "id,amount\n12345678901,2.50\n"),
                LocalRuns.csv(dir, "b.csv", "id,amount\n7,1.25\n"));
        RunReport second = run(2, LocalRuns.csv(dir, "c.csv", "id,amount,note\n8,3.75,hello\n"));

        assertThat(second.widenedColumns()).containsExactly("id");
        assertThat(second.catalog().orElseThrow().columnsAdded()).containsExactly("note");
        assertThat(LocalRuns.columns(dir))
                .containsExactly(
                        "id bigint",
                        "amount decimal(3,2)",
                        "processed_at timestamp",
                        "source_file string",
                        "processing_job string",
                        "note string");
        List<Path> before = files();
        byte[] schemaBefore = Files.readAllBytes(schemaFile());

        assertThatThrownBy(() -> run(3, LocalRuns.csv(dir, "d.csv", "id,amount\nx1,1.00\n")))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageStartingWith("table db.orders: incompatible type change, nothing was written:"
                        + " column 'id' is bigint in the table, this batch needs string (file:")
                .hasMessageEndingWith("/in/d.csv has 'id' as string)");
        assertThat(files()).isEqualTo(before);
        assertThat(Files.readAllBytes(schemaFile())).isEqualTo(schemaBefore);
        RunReport refused = RunReport.fromJson(Files.readAllBytes(dir.resolve("out/_reports/3.json")), "report");
        assertThat(refused.error().orElseThrow()).contains("column 'id' is bigint in the table");
        assertThat(refused.conflicts()).containsExactly(new RunReport.Conflict("id", "bigint", "string"));
    }

    @Test
    void aFileThatChangedSinceItArrivedFailsAndTheOthersAreConverted() throws Exception {
        Path a = LocalRuns.csv(dir, "a.csv", "id\n1\n");
        Path b = LocalRuns.csv(dir, "b.csv", "id\n2\n");
        RunManifest manifest = manifest(4, List.of(a, b));
        Files.writeString(b, "id\n3\n4\n");

        RunReport report = conversion().run(job(4), manifest);

        assertThat(report.files().get(0).failed()).isFalse();
        assertThat(report.files().get(1).error().orElseThrow()).contains("holds other bytes than arrived");
        assertThat(report.rowsWritten()).isEqualTo(1);
    }

    @Test
    void smallFilesBecomeOneParquetFileAndAFailedFileIsLeftOutOfIt() throws Exception {
        List<Path> csvs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            csvs.add(LocalRuns.csv(
                    dir, "s" + i + ".csv", "id,amount\n" + (i * 10) + ",1.5\n" + (i * 10 + 1) + ",2.25\n"));
        }
        // another schema (a wider decimal): converted again with the batch's; a rejected row; a
        // file that changed since it arrived fails
        csvs.add(LocalRuns.csv(dir, "wide.csv", "id,amount\n500,3.125\n"));
        csvs.add(LocalRuns.csv(
                dir,
                "bad-row.csv",
                "id,amount\n600,1.0\n601,1.0\n602,1.0\n603,1.0\n604,1.0\n605,1.0\n"
                        + "606,1.0\n607,1.0\n608,1.0\n609,1.0\n610,1.0,extra\n"));
        Path changed = LocalRuns.csv(dir, "changed.csv", "id,amount\n700,1.0\n");
        csvs.add(changed);
        RunManifest manifest = manifest(5, csvs);
        Files.writeString(changed, "id,amount\n700,1.0\n701,1.0\n");

        RunReport report = conversion().run(job(5), manifest);

        Path combined = dir.resolve("out/orders/ingest_date=2026-11-25/part-5-c0.parquet");
        assertThat(files()).containsExactly(combined);
        assertThat(report.filesFailed()).isEqualTo(1);
        RunReport.FileReport failed = report.files().get(22);
        assertThat(failed.error().orElseThrow()).contains("holds other bytes than arrived");
        assertThat(failed.parquet()).isEmpty();
        assertThat(report.files().get(21).rejects()).endsWith("_rejects/5/part-5-21.csv");
        assertThat(report.rowsWritten()).isEqualTo(20 * 2 + 1 + 10);
        assertThat(count("read_parquet('" + combined + "')")).isEqualTo(report.rowsWritten());
        assertThat(DuckDb.query("SELECT typeof(amount) AS t FROM read_parquet('" + combined + "') LIMIT 1"))
                .containsExactly(Map.of("t", "DECIMAL(4,3)"));
        // each file's rows are exactly the range the report gives, with its lineage
        for (RunReport.FileReport f : report.files()) {
            if (f.failed()) {
                assertThat(count("read_parquet('" + combined + "') WHERE source_file = '" + f.uri() + "'"))
                        .isZero();
                continue;
            }
            assertThat(f.parquet()).isEqualTo(combined.toUri().toString().replace("file:///", "file:/"));
            String range = "read_parquet('" + combined + "', file_row_number = true) WHERE file_row_number >= "
                    + f.firstRow() + " AND file_row_number < " + (f.firstRow() + f.rowsWritten());
            assertThat(count(range + " AND source_file = '" + f.uri() + "'")).isEqualTo(f.rowsWritten());
        }
        assertThat(DuckDb.query("SELECT count(DISTINCT row_group_id) AS g FROM parquet_metadata('" + combined + "')"))
                .containsExactly(Map.of("g", 1L));
    }

    @Test
    void reprocessingOneFileOfACombinedFileRemovesExactlyItsRowsOnce() throws Exception {
        // two versions of one key in one run: the same source_file, told apart by their rows
        Path a1 = LocalRuns.csv(dir, "v1/a.csv", "id\n1\n2\n");
        Path a2 = LocalRuns.csv(dir, "v2/a.csv", "id\n3\n4\n5\n");
        Path c = LocalRuns.csv(dir, "c.csv", "id\n6\n");
        String aUri = "s3://in/a.csv";
        List<RunManifest.ManifestFile> files =
                List.of(file(1, aUri, a1), file(2, aUri, a2), file(3, c.toUri().toString(), c));
        conversion().run(job(1), manifest(1, files, List.of()));
        Path first = dir.resolve("out/orders/ingest_date=2026-11-25/part-1-c0.parquet");
        assertThat(count("read_parquet('" + first + "')")).isEqualTo(6);

        RunManifest again = manifest(2, List.of(file(1, aUri, a1)), List.of(new RunManifest.Superseded(1, 1)));
        RunReport second = conversion().run(job(2), again);
        conversion().run(job(2, 2), again);

        String table = "read_parquet('" + dir.resolve("out/orders/ingest_date=2026-11-25/*.parquet") + "')";
        assertThat(count(table)).isEqualTo(6);
        assertThat(DuckDb.query(
                        "SELECT CAST(list(id ORDER BY id) AS VARCHAR) AS ids, count(DISTINCT processing_job) AS jobs FROM "
                                + table + " WHERE source_file = '" + aUri + "'"))
                .containsExactly(Map.of("ids", "[1, 2, 3, 4, 5]", "jobs", 2L));
        assertThat(DuckDb.query(
                        "SELECT CAST(list(id ORDER BY id) AS VARCHAR) AS ids FROM read_parquet('" + first + "')"))
                .containsExactly(Map.of("ids", "[3, 4, 5, 6]"));
        assertThat(second.files().get(0).parquet()).endsWith("part-2-0.parquet");
        // the rewritten file says which rows are whose, for the next reprocess
        RunManifest third =
                manifest(3, List.of(file(3, c.toUri().toString(), c)), List.of(new RunManifest.Superseded(3, 1)));
        conversion().run(job(3), third);
        assertThat(DuckDb.query(
                        "SELECT CAST(list(id ORDER BY id) AS VARCHAR) AS ids FROM read_parquet('" + first + "')"))
                .containsExactly(Map.of("ids", "[3, 4, 5]"));
        assertThat(count(table)).isEqualTo(6);
    }

    private static long count(String from) {
        return ((Number)
                        DuckDb.query("SELECT count(*) AS n FROM " + from).get(0).get("n"))
                .longValue();
    }

    private RunManifest.ManifestFile file(long id, String uri, Path location) throws IOException {
        byte[] bytes = Files.readAllBytes(location);
        return new RunManifest.ManifestFile(
                id,
                uri,
                "",
                location.toString(),
                bytes.length,
                LocalRuns.md5(bytes),
                "",
                location.toUri().toString());
    }

    private RunManifest manifest(
            long runId, List<RunManifest.ManifestFile> files, List<RunManifest.Superseded> supersedes) {
        return new RunManifest(
                runId, 1, "orders", "job:run-" + runId + "-1", "2026-11-25", "", "", "db", "orders", files, supersedes);
    }

    private RunReport run(long runId, Path... csvs) throws IOException {
        return conversion().run(job(runId), manifest(runId, List.of(csvs)));
    }

    private BatchConversion conversion() {
        ObjectLocation out = ObjectLocation.of(dir.resolve("out"), true);
        return new BatchConversion(
                new PoolTaskRunner(pool, 2),
                new FileTableCatalog(out, "db", "orders"),
                ObjectStores.local(),
                Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    }

    private BatchJob job(long runId) {
        return job(runId, 1);
    }

    private BatchJob job(long runId, int attempt) {
        return LocalRuns.job(dir, runId, attempt);
    }

    private RunManifest manifest(long runId, List<Path> csvs) throws IOException {
        List<RunManifest.ManifestFile> files = LocalRuns.files(csvs);
        return new RunManifest(
                runId, 1, "orders", "job:run-" + runId + "-1", "2026-11-25", "", "", "db", "orders", files);
    }

    private Path schemaFile() {
        return dir.resolve("out/_tables/db.orders.json");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("out/orders"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
