package dev.sluice.gluejob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.benchmarks.MixedCsv;
import dev.sluice.gluejob.GlueConversion;
import dev.sluice.gluejob.JobArguments;
import dev.sluice.manifest.RunReport;
import dev.sluice.processor.CsvConversion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One large CSV file through the job's batch engine on Spark {@code local[1]} and {@code local[2]},
 * split into range tasks ({@code batch.split-above}): each run a fresh JVM, interleaved, best and
 * median of the job's wall time and of the whole process, and the speed-up, beside the most two
 * cores of this machine give to two independent processes. Then the outputs are checked against
 * processor-core's one-thread conversion of the file (same schema; DuckDB {@code EXCEPT ALL} empty
 * both ways).
 *
 * <pre>
 * ./bench.sh glue-split [--gb 2] [--runs 3] [--range-mb 128] [--dir DIR]
 * </pre>
 */
public final class GlueSplitBench {

    private GlueSplitBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--core")) {
            long t0 = System.nanoTime();
            CsvConversion.builder().threads(1).build().convert(Path.of(args[1]), Path.of(args[2]));
            System.out.println("JOB_SECONDS " + (System.nanoTime() - t0) / 1e9);
            return;
        }
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]), Path.of(args[3]), Long.parseLong(args[4]));
            return;
        }
        double gb = 2;
        int runs = 3;
        long rangeMb = 128;
        Path dir = Path.of("target/bench-data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gb" -> gb = Double.parseDouble(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--range-mb" -> rangeMb = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        dir = dir.toAbsolutePath();
        Files.createDirectories(dir);
        // about 120 bytes a row
        long rows = (long) (gb * 1e9 / 120);
        Path csv = dir.resolve("mixed-" + rows + ".csv");
        if (!Files.exists(csv)) {
            MixedCsv.write(csv, rows, 0);
        }
        System.out.printf(
                Locale.ROOT,
                "input: %s, %,d rows, %.2f GB; ranges of %d MB; load average %s%n",
                csv,
                rows,
                Files.size(csv) / 1e9,
                rangeMb,
                Files.readString(Path.of("/proc/loadavg")).trim());

        Map<String, List<double[]>> times = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (String master : List.of("local[1]", "local[2]")) {
                Path out = dir.resolve("split-out-" + master.replaceAll("\\W", ""));
                StringBuilder output = new StringBuilder();
                double[] t = runChild(master, csv, out, rangeMb << 20, output);
                times.computeIfAbsent(master, m -> new ArrayList<>()).add(t);
                output.toString()
                        .lines()
                        .filter(l -> l.contains("ranges") || l.contains("phases"))
                        .forEach(l -> System.out.println("    " + l));
                System.out.printf(
                        Locale.ROOT, "  run %d %s: job %.1f s, whole process %.1f s%n", r + 1, master, t[0], t[1]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-10s %12s %12s %16s %16s%n",
                "",
                "job best",
                "job median",
                "process best",
                "process median");
        for (var e : times.entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %11.1fs %11.1fs %15.1fs %15.1fs%n",
                    e.getKey(),
                    best(e.getValue(), 0),
                    median(e.getValue(), 0),
                    best(e.getValue(), 1),
                    median(e.getValue(), 1));
        }
        ceiling(csv, dir);
        List<double[]> one = times.get("local[1]");
        List<double[]> two = times.get("local[2]");
        System.out.printf(
                Locale.ROOT,
                "speed-up local[2] / local[1]: job %.2fx (best), %.2fx (median); whole process %.2fx (best)%n",
                best(one, 0) / best(two, 0),
                median(one, 0) / median(two, 0),
                best(one, 1) / best(two, 1));
        verify(csv, dir);
    }

    /**
     * What two cores of this machine give when nothing is shared: processor-core converting the
     * file on one thread in one process, then in two processes at once. Their throughput ratio is
     * the most a split over two tasks can reach here.
     */
    private static void ceiling(Path csv, Path dir) throws Exception {
        Process alone = start(
                List.of("--core", csv.toString(), dir.resolve("core-a.parquet").toString()));
        double one = seconds(alone, "processor-core alone");
        Process a = start(
                List.of("--core", csv.toString(), dir.resolve("core-a.parquet").toString()));
        Process b = start(
                List.of("--core", csv.toString(), dir.resolve("core-b.parquet").toString()));
        double pair = Math.max(seconds(a, "processor-core a"), seconds(b, "processor-core b"));
        System.out.printf(
                Locale.ROOT,
                "this machine's ceiling for two tasks: one processor-core process %.1f s, two at once %.1f s:"
                        + " %.2fx the throughput of one%n",
                one,
                pair,
                2 * one / pair);
    }

    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-classpath");
        command.add(System.getProperty("java.class.path"));
        command.add(GlueSplitBench.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static double seconds(Process p, String what) throws Exception {
        return seconds(p, what, new StringBuilder());
    }

    /** The seconds a child printed; what it printed goes to {@code printed}. */
    private static double seconds(Process p, String what, StringBuilder printed) throws Exception {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        printed.append(output);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(what + " failed:\n" + output);
        }
        return output.lines()
                .filter(l -> l.startsWith("JOB_SECONDS "))
                .mapToDouble(l -> Double.parseDouble(l.substring("JOB_SECONDS ".length())))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(what + " printed no time:\n" + output));
    }

    private static double[] runChild(String master, Path csv, Path out, long rangeBytes, StringBuilder printed)
            throws Exception {
        long t0 = System.nanoTime();
        Process p = start(List.of("--child", master, csv.toString(), out.toString(), Long.toString(rangeBytes)));
        double job = seconds(p, master, printed);
        return new double[] {job, (System.nanoTime() - t0) / 1e9};
    }

    /** One run in its own JVM: a fresh Spark on {@code master}, the job once over the file. */
    private static void child(String master, Path csv, Path out, long rangeBytes) throws Exception {
        deleteTree(out);
        Files.createDirectories(out);
        SparkSession.builder()
                .master(master)
                .appName("sluice-split-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("runId", 1);
        manifest.put("attempt", 1);
        manifest.put("processingJob", "bench:run-1-1");
        manifest.put("ingestDate", "2026-11-25");
        manifest.put("database", "bench");
        manifest.put("table", "orders");
        manifest.put("files", List.of(Map.of("fileId", 1, "uri", csv.toUri().toString(), "size", Files.size(csv))));
        manifest.put("split", Map.of("splitAbove", rangeBytes * 2, "rangeSize", rangeBytes));
        Path manifestFile = out.resolve("manifest.json");
        new ObjectMapper().writeValue(manifestFile.toFile(), manifest);
        GlueConversion job = new GlueConversion(SparkSession.active(), new GlueBench.NoCatalog(), Clock.systemUTC());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        RunReport report = job.run(JobArguments.parse(
                "--JOB_NAME",
                "bench",
                "--JOB_RUN_ID",
                "jr_1",
                "--manifest",
                manifestFile.toUri().toString(),
                "--run_id",
                "1",
                "--attempt",
                "1",
                "--output",
                out.resolve("table").toUri().toString(),
                "--database",
                "bench",
                "--table",
                "orders",
                "--processing_job",
                "bench:run-1-1"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        if (report.filesFailed() > 0 || report.files().get(0).parquetRanges().isEmpty()) {
            throw new IllegalStateException(
                    "the file was not converted as ranges: " + new String(report.toJson(), StandardCharsets.UTF_8));
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d ranges, %,d rows, %.1f CPU s in the job, phases %s%n",
                master,
                report.files().get(0).parquetRanges().size(),
                report.rowsWritten(),
                cpu,
                report.seconds());
        System.out.println("JOB_SECONDS " + seconds);
        SparkSession.active().stop();
    }

    /** Both masters' outputs and processor-core's one-thread file: one schema, the same rows. */
    private static void verify(Path csv, Path dir) throws Exception {
        Path single = dir.resolve("split-single.parquet");
        Files.deleteIfExists(single);
        CsvConversion.builder().threads(1).build().convert(csv, single);
        String columns;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET preserve_insertion_order = false");
            String cli = "read_parquet('" + single + "')";
            columns = String.join(", ", columnsOf(s, cli));
            for (String master : List.of("local1", "local2")) {
                String split = "read_parquet('" + dir.resolve("split-out-" + master)
                        + "/table/**/*.parquet', hive_partitioning = false)";
                if (!columnsAndTypes(s, split).equals(columnsAndTypes(s, cli))) {
                    throw new IllegalStateException(master + ": schema " + columnsAndTypes(s, split)
                            + " is not the CLI's " + columnsAndTypes(s, cli));
                }
                long extra = count(
                        s, "SELECT " + columns + " FROM " + split + " EXCEPT ALL SELECT " + columns + " FROM " + cli);
                long missing = count(
                        s, "SELECT " + columns + " FROM " + cli + " EXCEPT ALL SELECT " + columns + " FROM " + split);
                System.out.printf(
                        Locale.ROOT,
                        "%s output vs processor-core one thread: %d rows only in the split output, %d only in the"
                                + " CLI's; schema equal%n",
                        master,
                        extra,
                        missing);
                if (extra + missing > 0) {
                    throw new IllegalStateException(master + ": the split output differs from the CLI's");
                }
            }
        }
    }

    private static List<String> columnsOf(Statement s, String from) throws Exception {
        List<String> names = new ArrayList<>();
        for (String ct : columnsAndTypes(s, from)) {
            String name = ct.substring(0, ct.indexOf(' '));
            // the lineage columns name the run, which differs by construction
            if (!List.of("processed_at", "source_file", "processing_job").contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> columnsAndTypes(Statement s, String from) throws Exception {
        List<String> result = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + from)) {
            while (rs.next()) {
                result.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return result;
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double best(List<double[]> runs, int i) {
        return runs.stream().mapToDouble(t -> t[i]).min().orElseThrow();
    }

    private static double median(List<double[]> runs, int i) {
        List<Double> sorted = new ArrayList<>(runs.stream().map(t -> t[i]).toList());
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
