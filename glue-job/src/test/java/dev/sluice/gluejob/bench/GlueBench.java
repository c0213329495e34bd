package dev.sluice.gluejob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.benchmarks.MixedCsv;
import dev.sluice.gluejob.GlueConversion;
import dev.sluice.gluejob.JobArguments;
import dev.sluice.gluejob.SharedSpark;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.processor.Column;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * source for reference. Prints MB/s and CPU time per GB and, from them, where a Glue run pays off
 * and what it costs.
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
        SparkSession spark = SharedSpark.session();
        Runner runner = new Runner(new GlueConversion(spark, new NoCatalog(), Clock.systemUTC()), dir);
        Path tiny = input(dir, "tiny.csv", 10);
        Schema schema = CsvConversion.builder().build().inspect(whole).schema();
        Path sparkOut = dir.resolve("spark-csv");

        List<Measured> all = new ArrayList<>();
        Measured core1 = new Measured("processor-core, 1 thread, 1 file", size, () -> one.convert(whole, out));
        Measured core2 = new Measured("processor-core, 2 threads, 1 file", size, () -> two.convert(whole, out));
        all.add(core1);
        all.add(core2);
        Map<Integer, Measured> glue = new LinkedHashMap<>();
        for (int files : new int[] {1, 2, 4}) {
            List<Path> parts = new ArrayList<>();
            long bytes = 0;
            for (int p = 0; p < files; p++) {
                Path part = files == 1
                        ? whole
                        : input(dir, "mixed-" + rows + "-" + p + "of" + files + ".csv", rows / files);
                parts.add(part);
                bytes += Files.size(part);
            }
            Measured m =
                    new Measured("glue-job, Spark local[2], " + files + " file(s)", bytes, () -> runner.run(parts));
            glue.put(files, m);
            all.add(m);
        }
        Measured fixed = new Measured(
                "glue-job, Spark local[2], 10-row file (fixed cost)",
                Files.size(tiny),
                () -> runner.run(List.of(tiny)));
        all.add(fixed);
        Measured sparkCsv = new Measured(
                "Spark CSV source + Parquet writer, local[2] (reference only)",
                size,
                () -> sparkCsv(spark, whole, schema, sparkOut));
        all.add(sparkCsv);

        // warm-up, then the measurements interleaved so that a busy moment of the machine
        // does not fall on one contender only
        for (Measured m : all) {
            m.action.run();
        }
        for (int r = 0; r < runs; r++) {
            for (Measured m : all) {
                m.measure();
            }
        }
        System.out.printf(Locale.ROOT, "%-62s %9s %9s %11s%n", "", "best s", "MB/s", "CPU s/GB");
        for (Measured m : all) {
            System.out.printf(
                    Locale.ROOT,
                    "%-62s %9.2f %9.1f %11.1f%n",
                    m.name,
                    m.bestWall(),
                    m.bytes / 1e6 / m.bestWall(),
                    m.bestCpu() / (m.bytes / 1e9));
        }
        crossover(core1, core2, glue.get(4), fixed.bestWall(), glueStart, workers);
    }

    /** One contender: wall and process CPU time of each run. */
    static final class Measured {
        final String name;
        final long bytes;
        final Action action;
        final List<Double> wall = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();

        Measured(String name, long bytes, Action action) {
            this.name = name;
            this.bytes = bytes;
            this.action = action;
        }

        void measure() throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            action.run();
            wall.add((System.nanoTime() - t0) / 1e9);
            cpu.add((os.getProcessCpuTime() - cpu0) / 1e9);
        }

        double bestWall() {
            return Collections.min(wall);
        }

        double bestCpu() {
            return Collections.min(cpu);
        }
    }

    /**
     * When does a Glue run finish sooner than processor-core in the control plane, and what does it
     * cost? On Glue a task has a core to itself: its rate is taken from the CPU time the job spent
     * per MB here with one file per core (4 files on 2 cores), so that other load on this machine
     * does not count; processor-core's likewise. A run of G.1X workers has {@code (workers - 1) * 4}
     * executor cores.
     */
    static void crossover(Measured core1, Measured core2, Measured glue4, double fixed, double start, int workers) {
        double task = glue4.bytes / 1e6 / glue4.bestCpu();
        double local1 = core1.bytes / 1e6 / core1.bestCpu();
        // two threads: the one-thread rate times the speed-up measured side by side
        double local2 = local1 * core1.bestWall() / core2.bestWall();
        int cores = (workers - 1) * CORES_PER_WORKER;
        double cluster = task * cores;
        System.out.printf(
                Locale.ROOT,
                "%nmodel: Glue run = %.0f s start (assumed, not billed) + %.2f s fixed + MB / %.1f MB/s"
                        + " (%d G.1X workers: %d executor cores x %.1f MB/s per task by CPU time;"
                        + " a batch of >= %d files)%n",
                start,
                fixed,
                cluster,
                workers,
                cores,
                task,
                cores);
        System.out.printf(
                Locale.ROOT,
                "control plane: processor-core %.1f MB/s on 1 thread (by CPU time), %.1f MB/s on 2 threads%n",
                local1,
                local2);
        for (double local : new double[] {local1, local2}) {
            double perMb = 1 / local - 1 / cluster;
            String label = local == local1 ? "1 thread" : "2 threads";
            if (perMb <= 0) {
                System.out.printf(Locale.ROOT, "vs processor-core on %s: Glue never finishes sooner%n", label);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "vs processor-core on %s: Glue finishes sooner above %.0f MB per batch%n",
                        label,
                        (start + fixed) / perMb);
            }
        }
        for (double gb : new double[] {0.1, 1, 10, 100}) {
            double running = fixed + gb * 1000 / cluster;
            double billed = Math.max(MINIMUM_BILLED_SECONDS, running);
            double usd = workers * billed / 3600 * DPU_HOUR_USD;
            System.out.printf(
                    Locale.ROOT,
                    "batch of %5.1f GB: Glue ~%6.0f s wall, billed %6.0f s x %d DPU = $%.4f;"
                            + " processor-core 2 threads ~%6.0f s%n",
                    gb,
                    start + running,
                    billed,
                    workers,
                    usd,
                    gb * 1000 / local2);
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

    interface Action {
        void run() throws Exception;
    }

    /** Runs the job over local files as Glue would over S3: manifest, arguments, output prefix. */
    static final class Runner {
        private final GlueConversion job;
        private final Path dir;
        private long runId;
        RunReport last;

        Runner(GlueConversion job, Path dir) {
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
                throw new IllegalStateException("the benchmark run failed: "
                        + new String(last.toJson(), java.nio.charset.StandardCharsets.UTF_8));
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
