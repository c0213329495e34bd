package dev.sluice.batch;

import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.ParquetRewrite;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Run on purpose ({@code ./bench.sh rightsize}), never by the suite (its name matches no Surefire
 * pattern). 1,000 small CSVs in one run on two pool threads, as the embedded executor runs them:
 * one Parquet per file (a target size below every file's) against right-sized output (the default
 * 128 MB), interleaved, best of {@code bench.rounds}. Then the two ways of combining, on one
 * thread: rewriting the staged Parquet against converting the CSVs again.
 */
class RightSizeBenchmark {

    static final int FILES = Integer.getInteger("bench.files", 1000);
    static final int ROWS = Integer.getInteger("bench.rows", 40);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void oneParquetPerFileAgainstRightSized() throws Exception {
        Path dir = Files.createTempDirectory("sluice-rightsize-bench-");
        List<Path> csvs = csvs(dir.resolve("in"));
        long bytes = 0;
        for (Path csv : csvs) {
            bytes += Files.size(csv);
        }
        System.out.printf("BENCHMARK rightsize: %d CSVs of %d rows, %.1f KB in all%n", FILES, ROWS, bytes / 1024.0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double bestPerFile = Double.MAX_VALUE;
            double bestSized = Double.MAX_VALUE;
            long run = 1;
            for (int round = 0; round < ROUNDS + 1; round++) {
                Result perFile = convert(dir, pool, run++, csvs, 1);
                Result sized = convert(dir, pool, run++, csvs, TableOutput.DEFAULT_TARGET_FILE_SIZE);
                if (round == 0) {
                    continue; // warm-up
                }
                bestPerFile = Math.min(bestPerFile, perFile.seconds);
                bestSized = Math.min(bestSized, sized.seconds);
                System.out.printf(
                        "BENCHMARK rightsize round %d: one per file %d Parquet files, %.2f s (finish %.2f s);"
                                + " right-sized %d Parquet files, %.2f s (finish %.2f s)%n",
                        round,
                        perFile.files,
                        perFile.seconds,
                        perFile.finish,
                        sized.files,
                        sized.seconds,
                        sized.finish);
            }
            System.out.printf(
                    "BENCHMARK rightsize best: one per file %.2f s, right-sized %.2f s (%.2fx)%n",
                    bestPerFile, bestSized, bestSized / bestPerFile);
            combineWays(dir, csvs);
        } finally {
            pool.shutdownNow();
        }
    }

    record Result(long files, double seconds, double finish) {}

    private Result convert(Path dir, ExecutorService pool, long runId, List<Path> csvs, long target) throws Exception {
        ObjectLocation out = ObjectLocation.of(dir.resolve("out-" + runId), true);
        BatchConversion conversion = new BatchConversion(
                new PoolTaskRunner(pool, 2),
                new FileTableCatalog(out, "db", "t"),
                ObjectStores.local(),
                Clock.systemUTC());
        RunManifest manifest = manifest(runId, csvs, target);
        long started = System.nanoTime();
        RunReport report = conversion.run(
                new BatchJob("job", "bench-" + runId, runId, 1, out, "db", "t", "job:run-" + runId + "-1"), manifest);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (report.filesFailed() > 0 || report.rowsWritten() != (long) FILES * ROWS) {
            throw new IllegalStateException("the benchmark's run did not convert every row: " + report.error());
        }
        long files;
        try (Stream<Path> walk = Files.walk(dir.resolve("out-" + runId).resolve("t"))) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
        }
        return new Result(files, seconds, report.seconds().getOrDefault("finish", 0.0));
    }

    /** The combining step alone, one thread: the staged Parquet rewritten, or the CSVs converted again. */
    private void combineWays(Path dir, List<Path> csvs) throws IOException {
        Path staged = Files.createDirectories(dir.resolve("staged"));
        List<ParquetRewrite.Range> ranges = new ArrayList<>();
        // the batch's schema, as staged files of one schema are combined
        Schema schema = CsvConversion.builder().build().inferSchema(csvs);
        for (int i = 0; i < csvs.size(); i++) {
            Path p = staged.resolve(i + ".parquet");
            var report = CsvConversion.builder()
                    .sourceUri("s3://in/" + i)
                    .schema(schema)
                    .build()
                    .convert(csvs.get(i), p);
            ranges.add(new ParquetRewrite.Range(p, 0, report.rowsWritten()));
        }
        double bestRewrite = Double.MAX_VALUE;
        double bestReconvert = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS + 1; round++) {
            long t0 = System.nanoTime();
            ParquetRewrite.write(schema, ranges, dir.resolve("combined.parquet"), Map.of());
            double rewrite = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            CsvConversion again = CsvConversion.builder().schema(schema).build();
            for (int i = 0; i < csvs.size(); i++) {
                again.convert(csvs.get(i), dir.resolve("again.parquet"));
            }
            double reconvert = (System.nanoTime() - t0) / 1e9;
            if (round > 0) {
                bestRewrite = Math.min(bestRewrite, rewrite);
                bestReconvert = Math.min(bestReconvert, reconvert);
            }
        }
        System.out.printf(
                "BENCHMARK rightsize combine, one thread, best of %d: rewrite staged Parquet %.3f s,"
                        + " convert the CSVs again %.3f s%n",
                ROUNDS, bestRewrite, bestReconvert);
    }

    private static List<Path> csvs(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> csvs = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder s = new StringBuilder("order_id,customer,amount,ordered_at,status\n");
            for (int r = 0; r < ROWS; r++) {
                int id = f * ROWS + r;
                s.append(id)
                        .append(",customer-")
                        .append(id % 97)
                        .append(',')
                        .append(id % 1000)
                        .append('.')
                        .append(id % 100 < 10 ? "0" : "")
                        .append(id % 100)
                        .append(",2026-11-")
                        .append(10 + id % 20)
                        .append("T10:15:30Z,")
                        .append(id % 3 == 0 ? "shipped" : "open")
                        .append('\n');
            }
            csvs.add(Files.writeString(dir.resolve("orders-" + f + ".csv"), s));
        }
        return csvs;
    }

    private static RunManifest manifest(long runId, List<Path> csvs, long target) throws Exception {
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        for (Path csv : csvs) {
            byte[] bytes = Files.readAllBytes(csv);
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            files.add(new RunManifest.ManifestFile(
                    files.size() + 1, csv.toUri().toString(), "", csv.toString(), bytes.length, md5, "", ""));
        }
        TableOutput output = new TableOutput(
                TableOutput.Format.PARQUET, target, TableOutput.SchemaMode.EVOLVE, TableOutput.OnNewVersion.APPEND);
        return new RunManifest(
                runId, 1, "p", "job:run-" + runId + "-1", "2026-11-25", "", "", "db", "t", files, List.of(), output);
    }
}
