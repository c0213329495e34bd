package dev.sluice.batch.iceberg;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.PoolTaskRunner;
import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of publishing a run as an Iceberg commit, beside the file catalog of Hive-style
 * partitions: the catalog phase of each run's report (for Iceberg, footers read for metrics, the
 * replaced keys looked up, the snapshot written and swapped in the JDBC catalog on H2), then the
 * file counts before and after one maintenance pass. Run on purpose by {@code ./bench.sh iceberg};
 * the name matches none of Surefire's patterns, so the suite never runs it.
 */
class IcebergCommitBenchmark {

    private static final int RUNS = Integer.getInteger("bench.iceberg.runs", 60);

    @TempDir
    Path dir;

    @Test
    void commitOverheadPerRunAndFileCountsAroundMaintenance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String url = "jdbc:h2:file:" + dir.resolve("catalog") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (JdbcCatalog catalog = new JdbcCatalog(p -> new LocalFileIO(), p -> new JdbcClientPool(url, p), true)) {
            catalog.initialize(
                    "bench",
                    Map.of(
                            CatalogProperties.URI,
                            url,
                            CatalogProperties.WAREHOUSE_LOCATION,
                            dir.resolve("ice").toUri().toString(),
                            "jdbc.schema-version",
                            "V1"));
            IcebergTableCatalog iceberg = new IcebergTableCatalog(
                    catalog, "db", "events", dir.resolve("ice/events").toUri().toString(), Map.of());
            TableOutput replace = new TableOutput(
                    TableOutput.Format.ICEBERG,
                    TableOutput.DEFAULT_TARGET_FILE_SIZE,
                    TableOutput.SchemaMode.EVOLVE,
                    TableOutput.OnNewVersion.REPLACE);
            // new keys: appends; then each key again: a whole file removed in the same snapshot
            List<Double> appends = runs(pool, iceberg, "ice", replace, 1, 0);
            List<Double> replaces = runs(pool, iceberg, "ice", replace, 1 + RUNS, 1);
            List<Double> files = runs(
                    pool,
                    new FileTableCatalog(ObjectLocation.of(dir.resolve("hive"), true), "db", "events"),
                    "hive",
                    TableOutput.DEFAULT,
                    1,
                    0);
            report("iceberg append", appends);
            report("iceberg replace", replaces);
            report("file catalog (parquet)", files);

            IcebergMaintenance.Result r = IcebergMaintenance.run(
                    iceberg.table().orElseThrow(),
                    new IcebergMaintenance.Settings(Duration.ZERO, 1, 128L * 1024 * 1024, 2),
                    Clock.systemUTC());
            System.out.printf(
                    "BENCHMARK maintenance: data files %d -> %d, delete files %d -> %d, snapshots %d -> %d%n",
                    r.dataFilesBefore(),
                    r.dataFilesAfter(),
                    r.deleteFilesBefore(),
                    r.deleteFilesAfter(),
                    r.snapshotsBefore(),
                    r.snapshotsAfter());
            // a key replaced in the compacted file: an equality delete in the run's commit
            List<Double> afterCompaction = runs(pool, iceberg, "ice", replace, 1 + 2 * RUNS, 2);
            report("iceberg replace into a compacted file", afterCompaction);
        } finally {
            pool.shutdownNow();
        }
    }

    /** RUNS runs of one small file each (keys k0..), from run id {@code first}; the catalog phase in ms. */
    private List<Double> runs(
            ExecutorService pool, TableCatalog catalog, String out, TableOutput output, long first, int version)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long runId = first + i;
            Path csv = dir.resolve("in/v" + version + "-" + out + "-k" + i + ".csv");
            Files.createDirectories(csv.getParent());
            Files.writeString(csv, "id,amount,note\n" + i + "," + version + ".50,row " + i + "\n");
            byte[] bytes = Files.readAllBytes(csv);
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            RunManifest manifest = new RunManifest(
                    runId,
                    1,
                    "events",
                    "bench:run-" + runId,
                    "2026-12-02",
                    "",
                    "",
                    "db",
                    "events",
                    List.of(new RunManifest.ManifestFile(
                            runId,
                            "s3://landing/k" + i + ".csv",
                            "landing",
                            "k" + i + ".csv",
                            bytes.length,
                            md5,
                            "",
                            csv.toUri().toString())),
                    List.of(),
                    output);
            BatchJob job = new BatchJob(
                    "bench",
                    "local-" + runId,
                    runId,
                    1,
                    ObjectLocation.of(dir.resolve(out), true),
                    "db",
                    "events",
                    "bench:run-" + runId);
            RunReport report = new BatchConversion(
                            new PoolTaskRunner(pool, 2), catalog, ObjectStores.local(), Clock.systemUTC())
                    .run(job, manifest);
            millis.add(report.seconds().get("catalog") * 1000);
        }
        return millis;
    }

    private static void report(String what, List<Double> millis) {
        // the first runs warm the JVM up; the rest is what a long-running control plane pays
        List<Double> warm = millis.subList(millis.size() / 3, millis.size()).stream()
                .sorted()
                .toList();
        System.out.printf(
                "BENCHMARK %s: %d runs, catalog phase p50 %.0f ms, p90 %.0f ms, max %.0f ms (first run %.0f ms)%n",
                what,
                millis.size(),
                warm.get(warm.size() / 2),
                warm.get((int) (warm.size() * 0.9)),
                warm.get(warm.size() - 1),
                millis.get(0));
    }
}
