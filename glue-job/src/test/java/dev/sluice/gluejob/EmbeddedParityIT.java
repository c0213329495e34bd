package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.PoolTaskRunner;
import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same batches through both executors: the Glue job (Spark local[2], S3 and the Glue Data
 * Catalog of the emulator) and the embedded executor's engine (batch-core on a thread pool, the
 * table's schema in a file under a local output, as the control plane's EmbeddedBatchJob wires
 * it). Two runs whose files differ compatibly (a narrower id, then a new column), then one that
 * conflicts: the same table schema, the same Parquet and the same refusal.
 */
class EmbeddedParityIT {

    static final String PARTITION = "orders/ingest_date=" + TestRun.INGEST_DATE + "/";
    static final String NOT_COMPARED = "EXCLUDE (processed_at, processing_job)";

    final Emulator aws = new Emulator();
    final String out = aws.bucket("parity-out");
    final String db = aws.database("parity");
    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void bothExecutorsWriteTheSameTableAndRefuseTheSameBatch() throws Exception {
        Path local = Files.createDirectories(tmp.resolve("embedded"));
        List<List<Path>> runs = List.of(
                List.of(
                        csv("a.csv", "id,amount,day\n12345678901,2.50,2024-01-31\n2,3.25,2024-02-01\n"),
                        csv("b.csv", "id,amount,day\n7,1.25,2024-03-01\n")),
                List.of(csv("c.csv", "id,amount,day,note\n8,3.75,2024-03-02,hello\n9,0.50,2024-03-03,\n")));
        Path conflicting = csv("d.csv", "id,amount,day\nx1,1.00,2024-03-04\n");

        for (int i = 0; i < runs.size(); i++) {
            RunManifest manifest = glue(i + 1, runs.get(i));
            RunReport embedded = embedded(local, manifest);
            RunReport glue = RunReport.fromJson(aws.get(out, "p/_reports/" + (i + 1) + ".json"), "glue report");
            assertThat(embedded.error()).isEmpty();
            assertThat(embedded.widenedColumns()).isEqualTo(glue.widenedColumns());
            assertThat(embedded.catalog().orElseThrow().columnsAdded())
                    .isEqualTo(glue.catalog().orElseThrow().columnsAdded());
        }

        List<String> glueColumns =
                aws.glue.getTable(b -> b.databaseName(db).name("orders")).table().storageDescriptor().columns().stream()
                        .map(c -> c.name() + " " + c.type())
                        .toList();
        List<String> embeddedColumns = catalog(local).current().orElseThrow().columns().stream()
                .map(c -> c.name() + " " + c.type())
                .toList();
        assertThat(embeddedColumns)
                .isEqualTo(glueColumns)
                .containsExactly(
                        "id bigint",
                        "amount decimal(3,2)",
                        "day date",
                        "processed_at timestamp",
                        "source_file string",
                        "processing_job string",
                        "note string");

        List<Path> glueParquet = downloadPartition(tmp.resolve("glue"));
        List<Path> embeddedParquet = partition(local);
        // run 1's two small files in one Parquet file, on Glue as embedded
        assertThat(names(embeddedParquet))
                .isEqualTo(names(glueParquet))
                .containsExactly("part-1-c0.parquet", "part-2-0.parquet");
        for (int i = 0; i < glueParquet.size(); i++) {
            assertThat(DuckDb.describe(List.of(embeddedParquet.get(i))))
                    .as(embeddedParquet.get(i).getFileName().toString())
                    .isEqualTo(DuckDb.describe(List.of(glueParquet.get(i))));
        }
        assertThat(exceptAll(glueParquet, embeddedParquet)).isEmpty();
        assertThat(exceptAll(embeddedParquet, glueParquet)).isEmpty();
        assertThat(DuckDb.query("SELECT count(*) FROM " + unioned(embeddedParquet)))
                .containsExactly(List.of("5"));

        byte[] schemaBefore = Files.readAllBytes(local.resolve("_tables/" + db + ".orders.json"));
        Throwable onGlue = catchThrowable(() -> glue(3, List.of(conflicting)));
        RunManifest third = RunManifest.fromJson(aws.get(out, "p/_manifests/3-1.json"), "manifest");
        Throwable embedded = catchThrowable(() -> embedded(local, third));

        assertThat(onGlue).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(embedded)
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage(onGlue.getMessage())
                .hasMessageStartingWith("table " + db + ".orders: incompatible type change, nothing was written:"
                        + " column 'id' is bigint in the table, this batch needs string (")
                .hasMessageEndingWith(" has 'id' as string)");
        assertThat(names(partition(local))).isEqualTo(names(downloadPartition(tmp.resolve("glue-after"))));
        assertThat(names(partition(local))).noneMatch(n -> n.startsWith("part-3-"));
        assertThat(Files.readAllBytes(local.resolve("_tables/" + db + ".orders.json")))
                .isEqualTo(schemaBefore);
        assertThat(RunReport.fromJson(Files.readAllBytes(local.resolve("_reports/3.json")), "embedded report")
                        .error())
                .isEqualTo(RunReport.fromJson(aws.get(out, "p/_reports/3.json"), "glue report")
                        .error());
    }

    /** A run through the Glue job; returns the manifest it read, which the embedded run reads too. */
    private RunManifest glue(long runId, List<Path> files) {
        TestRun run = new TestRun(aws, out, db, "orders", runId);
        files.forEach(run::localFile);
        run.run();
        return RunManifest.fromJson(aws.get(out, "p/_manifests/" + runId + "-1.json"), "manifest");
    }

    /** The same run as the control plane's embedded executor makes it. */
    private RunReport embedded(Path local, RunManifest manifest) {
        ObjectLocation output = ObjectLocation.of(local, true);
        BatchJob job = new BatchJob(
                TestRun.JOB,
                "local-" + manifest.runId(),
                manifest.runId(),
                manifest.attempt(),
                output,
                manifest.database(),
                manifest.table(),
                manifest.processingJob());
        return new BatchConversion(new PoolTaskRunner(pool, 2), catalog(local), ObjectStores.local(), Clock.systemUTC())
                .run(job, manifest);
    }

    private FileTableCatalog catalog(Path local) {
        return new FileTableCatalog(ObjectLocation.of(local, true), db, "orders");
    }

    private List<List<String>> exceptAll(List<Path> left, List<Path> right) {
        return DuckDb.query("SELECT * " + NOT_COMPARED + " FROM " + unioned(left) + " EXCEPT ALL SELECT * "
                + NOT_COMPARED + " FROM " + unioned(right));
    }

    /** The files as Athena reads the table: columns by name, a file without one reads null. */
    private static String unioned(List<Path> parquet) {
        return "read_parquet(" + DuckDb.list(parquet) + ", hive_partitioning = false, union_by_name = true)";
    }

    private List<Path> downloadPartition(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (String key : aws.keys(out, "p/" + PARTITION)) {
            Path target = dir.resolve(key.substring(key.lastIndexOf('/') + 1));
            aws.download(out, key, target);
            files.add(target);
        }
        return files.stream().sorted().toList();
    }

    private static List<Path> partition(Path local) throws IOException {
        try (Stream<Path> files = Files.list(local.resolve(PARTITION))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    private Path csv(String name, String content) throws IOException {
        Path file = tmp.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
