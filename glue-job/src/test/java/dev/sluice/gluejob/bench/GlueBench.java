package dev.sluice.gluejob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.benchmarks.MixedCsv;
import dev.sluice.gluejob.BatchConversion;
import dev.sluice.gluejob.JobArguments;
import dev.sluice.gluejob.RunReport;
import dev.sluice.gluejob.SharedSpark;
import dev.sluice.gluejob.catalog.CatalogChange;
import dev.sluice.gluejob.catalog.TableCatalog;
import dev.sluice.gluejob.catalog.TablePlan;
import dev.sluice.processor.Column;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Glue path against processor-core in one JVM, on the benchmark CSV of the benchmarks module:
 * processor-core on one and two threads, then the job on Spark local[2] (one task per file) over
 * the same bytes as 1, 2 and 4 files, the job's fixed cost on a tiny batch, and Spark's own CSV
 * source for reference. Prints MB/s and, from them, where a Glue run pays off and what it costs.
 *
 * <pre>
 * glue-job/bench.sh [--rows N] [--runs N] [--dir DIR] [--glue-start-seconds S] [--workers N]
 * </pre>
 */
public final class GlueBench {

    /** G.1X: 1 DPU per worker; USD per DPU-hour; Glue bills at least a minute per run. */
    static final double DPU_HOUR_USD = 0.44;

    static final int MINIMUM_BILLED_SECONDS = 60;

    /** A G.1X worker has 4 vCPUs; one worker is the driver. */
    static final int CORES_PER_WORKER = 4;

    private GlueBench() {}

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int runs = 3;
        Path dir = Path.of("target/bench-data");
        double glueStart = 30;
        int workers = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--glue-start-seconds" -> glueStart = Double.parseDouble(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        dir = dir.toAbsolutePath();
        Files.createDirectories(dir);
        Path whole = input(dir, "mixed-" + rows + ".csv", rows);
        long size = Files.size(whole);
        System.out.printf(
                Locale.ROOT,
                "input: %s, %,d rows, %.1f MB; %d CPUs, max heap %d MB%n",
                whole,
                rows,
                size / 1e6,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        Path out = dir.resolve("core.parquet");
        CsvConversion one = CsvConversion.builder().processingJob("bench").build();
        CsvConversion two =
                CsvConversion.builder().processingJob("bench").threads(2).build();
        one.convert(whole, out); // warm-up
        double core1 = best(runs, () -> one.convert(whole, out));
        double core2 = best(runs, () -> two.convert(whole, out));
        report("processor-core, 1 thread, 1 file", size, core1);
        report("processor-core, 2 threads, 1 file", size, core2);

        SparkSession spark = SharedSpark.session();
        BatchConversion job = new BatchConversion(spark, new NoCatalog(), Clock.systemUTC());
        Runner runner = new Runner(job, dir);
        runner.run(List.of(input(dir, "tiny.csv", 10))); // warm-up
        Map<Integer, Double> glue = new LinkedHashMap<>();
        for (int files : new int[] {1, 2, 4}) {
            List<Path> parts = new ArrayList<>();
            for (int p = 0; p < files; p++) {
                parts.add(
                        files == 1
                                ? whole
                                : input(dir, "mixed-" + rows + "-" + p + "of" + files + ".csv", rows / files));
            }
            long bytes = 0;
            for (Path part : parts) {
                bytes += Files.size(part);
            }
            double seconds = best(runs, () -> runner.run(parts));
            glue.put(files, bytes / 1e6 / seconds);
            report("glue-job on Spark local[2], " + files + " file(s)", bytes, seconds);
            System.out.println("    phases of the last run (s): " + runner.last.seconds());
        }
        Path tiny = input(dir, "tiny.csv", 10);
        double fixed = best(runs, () -> runner.run(List.of(tiny)));
        System.out.printf(Locale.ROOT, "glue-job fixed cost per run (10-row file, local Spark): %.2f s%n", fixed);

        Schema schema = CsvConversion.builder().build().inspect(whole).schema();
        Path sparkOut = dir.resolve("spark-csv");
        double sparkCsv = best(runs, () -> sparkCsv(spark, whole, schema, sparkOut));
        report(
                "Spark's CSV source + Parquet writer, local[2], 1 file (reference: not processor-core's rules)",
                size,
                sparkCsv);

        crossover(size / 1e6 / core1, size / 1e6 / core2, glue, fixed, glueStart, workers);
    }

    /**
     * When does a Glue run finish sooner than processor-core in the control plane, and what does it
     * cost? A task converts at the single-file rate measured here; a run of G.1X workers has
     * {@code (workers - 1) * 4} executor cores, so a batch of that many files converts that many at
     * once.
     */
    static void crossover(
            double core1, double core2, Map<Integer, Double> glue, double fixed, double start, int workers) {
        double task = glue.get(1);
        int cores = (workers - 1) * CORES_PER_WORKER;
        double cluster = task * cores;
        System.out.printf(
                Locale.ROOT,
                "%nmodel: Glue run = %.0f s start (assumed) + %.2f s fixed + MB / %.1f MB/s"
                        + " (%d G.1X workers = %d executor cores x %.1f MB/s per task, batch of >= %d files)%n",
                start,
                fixed,
                cluster,
                workers,
                cores,
                task,
                cores);
        for (double local : new double[] {core1, core2}) {
            double perMb = 1 / local - 1 / cluster;
            String label = local == core1 ? "1 thread" : "2 threads";
            if (perMb <= 0) {
                System.out.printf(Locale.ROOT, "vs processor-core on %s: Glue never finishes sooner%n", label);
            } else {
                double mb = (start + fixed) / perMb;
                System.out.printf(
                        Locale.ROOT,
                        "vs processor-core on %s (%.1f MB/s): Glue finishes sooner above %.0f MB per batch%n",
                        label,
                        local,
                        mb);
            }
        }
        for (double gb : new double[] {0.1, 1, 10, 100}) {
            double seconds = start + fixed + gb * 1000 / cluster;
            double billed = Math.max(MINIMUM_BILLED_SECONDS, seconds - start);
            double usd = workers * billed / 3600 * DPU_HOUR_USD;
            System.out.printf(
                    Locale.ROOT,
                    "batch of %5.1f GB: Glue ~%6.0f s wall, billed %6.0f s x %d DPU = $%.4f;"
                            + " processor-core 2 threads ~%6.0f s%n",
                    gb,
                    seconds,
                    billed,
                    workers,
                    usd,
                    gb * 1000 / core2);
        }
    }

    private static Path input(Path dir, String name, long rows) throws IOException {
        Path csv = dir.resolve(name);
        if (!Files.exists(csv)) {
            MixedCsv.write(csv, rows, 0);
        }
        return csv;
    }

    private static void sparkCsv(SparkSession spark, Path csv, Schema schema, Path out) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : schema.columns()) {
            fields.add(DataTypes.createStructField(c.name(), sparkType(c), true));
        }
        spark.read()
                .schema(new StructType(fields.toArray(StructField[]::new)))
                .option("header", "true")
                .option("escape", "\"")
                .csv(csv.toString())
                .write()
                .mode("overwrite")
                .option("compression", "snappy")
                .parquet(out.toString());
    }

    private static DataType sparkType(Column c) {
        return switch (c.type().kind()) {
            case BOOLEAN -> DataTypes.BooleanType;
            case INT -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case DECIMAL ->
                DataTypes.createDecimalType(c.type().precision(), c.type().scale());
            case DOUBLE -> DataTypes.DoubleType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case STRING -> DataTypes.StringType;
        };
    }

    private static void report(String what, long bytes, double seconds) {
        System.out.printf(Locale.ROOT, "%-60s best %6.2f s = %6.1f MB/s%n", what, seconds, bytes / 1e6 / seconds);
    }

    interface Action {
        void run() throws Exception;
    }

    static double best(int runs, Action action) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            action.run();
            times.add((System.nanoTime() - t) / 1e9);
        }
        return Collections.min(times);
    }

    /** Runs the job over local files as Glue would over S3: manifest, arguments, output prefix. */
    static final class Runner {
        private final BatchConversion job;
        private final Path dir;
        private long runId;
        RunReport last;

        Runner(BatchConversion job, Path dir) {
            this.job = job;
            this.dir = dir;
        }

        void run(List<Path> files) throws IOException {
            runId++;
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                entries.add(
                        Map.of("fileId", i, "uri", files.get(i).toUri().toString(), "size", Files.size(files.get(i))));
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("runId", runId);
            manifest.put("attempt", 1);
            manifest.put("processingJob", "bench:run-" + runId + "-1");
            manifest.put("ingestDate", "2026-11-25");
            manifest.put("database", "bench");
            manifest.put("table", "orders");
            manifest.put("files", entries);
            Path manifestFile = dir.resolve("manifest-" + runId + ".json");
            new ObjectMapper().writeValue(manifestFile.toFile(), manifest);
            last = job.run(JobArguments.parse(
                    "--JOB_NAME",
                    "bench",
                    "--JOB_RUN_ID",
                    "jr_" + runId,
                    "--manifest",
                    manifestFile.toUri().toString(),
                    "--run_id",
                    Long.toString(runId),
                    "--attempt",
                    "1",
                    "--output",
                    dir.resolve("glue-out").toUri().toString(),
                    "--database",
                    "bench",
                    "--table",
                    "orders",
                    "--processing_job",
                    "bench:run-" + runId + "-1"));
            if (last.filesFailed() > 0) {
                throw new IllegalStateException("the benchmark run failed: " + last.toJson());
            }
        }
    }

    /** The benchmark measures conversion, not the catalog: the table is taken as it comes. */
    static final class NoCatalog implements TableCatalog {
        @Override
        public TablePlan plan(Schema batch) {
            return new TablePlan("bench.orders", false, batch, batch.names(), List.of());
        }

        @Override
        public CatalogChange commit(TablePlan plan, String ingestDate) {
            return new CatalogChange(false, List.of(), false, false, "");
        }
    }
}
