package dev.sluice.benchmarks;

import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The conversion benchmark: processor-core against DuckDB on the same file in the same run, one
 * thread each, then two threads, then a 1 GB file through a child JVM limited to 256 MB of heap.
 *
 * <pre>
 * ./benchmarks/run.sh [--rows N] [--runs N] [--dir DIR] [--no-memory-check] [--one-thread]
 *                     [--no-compressed] [--zstd] [--bzip2]
 * </pre>
 *
 * <p>Besides the plain file, the same file gzip-compressed (and with {@code --zstd}, {@code
 * --bzip2} in those formats) through processor-core and DuckDB, one thread each; their rates are
 * of the CSV text, so they compare with the plain file's.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int runs = 3;
        Path dir = Path.of("target/bench-data");
        boolean memoryCheck = true;
        boolean twoThreads = true;
        List<String> compressed = new ArrayList<>(List.of("gzip"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-memory-check" -> memoryCheck = false;
                case "--one-thread" -> twoThreads = false;
                case "--no-compressed" -> compressed.clear();
                case "--zstd" -> compressed.add("zstd");
                case "--bzip2" -> compressed.add("bzip2");
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path csv = dir.resolve("mixed-" + rows + ".csv");
        if (!Files.exists(csv)) {
            long t = System.nanoTime();
            MixedCsv.write(csv, rows, 0);
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", csv, (System.nanoTime() - t) / 1e9);
        }
        long size = Files.size(csv);
        System.out.printf(
                Locale.ROOT,
                "input: %s, %,d rows, %.1f MB; JVM %s, %d CPUs, max heap %d MB%n",
                csv,
                rows,
                size / 1e6,
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        Path sluiceOut = dir.resolve("sluice.parquet");
        Path duckOut = dir.resolve("duckdb.parquet");
        CsvConversion conversion =
                CsvConversion.builder().processingJob("bench").build();

        // warm-up: JIT for the JVM, file cache for both
        ConversionReport report = conversion.convert(csv, sluiceOut);
        duckdb(csv, duckOut, 1);
        System.out.printf(
                Locale.ROOT,
                "schema: %s%n",
                report.schema().columns().stream()
                        .map(c -> c.name() + " " + c.type())
                        .toList());

        List<Timing> sluice = new ArrayList<>();
        List<Timing> duck = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            sluice.add(timed(() -> conversion.convert(csv, sluiceOut)));
            duck.add(timed(() -> duckdb(csv, duckOut, 1)));
        }
        report("1 thread   processor-core", size, sluice, Files.size(sluiceOut));
        report("1 thread   DuckDB        ", size, duck, Files.size(duckOut));
        System.out.printf(
                Locale.ROOT,
                "1 thread   processor-core/DuckDB throughput: %.2f by best wall time, %.2f by least CPU time;"
                        + " %.2f by median wall time, %.2f by median CPU time%n",
                best(duck, Timing::wall) / best(sluice, Timing::wall),
                best(duck, Timing::cpu) / best(sluice, Timing::cpu),
                median(duck, Timing::wall) / median(sluice, Timing::wall),
                median(duck, Timing::cpu) / median(sluice, Timing::cpu));
        for (String format : compressed) {
            compressed(format, csv, size, runs, conversion, sluiceOut, duckOut, sluice);
        }
        if (twoThreads) {
            twoThreads(csv, dir, size, runs, conversion, sluiceOut, duckOut);
        }
        if (memoryCheck) {
            MemoryCheck.runInChildJvm(dir);
        }
    }

    /**
     * The same rows compressed: processor-core decompresses as it reads (twice when the second
     * pass is needed, which it is not for this file), DuckDB reads the compressed file itself.
     */
    private static void compressed(
            String format,
            Path csv,
            long size,
            int runs,
            CsvConversion conversion,
            Path sluiceOut,
            Path duckOut,
            List<Timing> plain)
            throws Exception {
        Path file = Compressed.of(csv, format);
        long stored = Files.size(file);
        ConversionReport report = conversion.convert(file, sluiceOut);
        if (report.uncompressedBytes() != size) {
            throw new IllegalStateException(
                    file + " decompressed to " + report.uncompressedBytes() + " bytes, not " + size);
        }
        // DuckDB reads gzip and zstd; it has no bzip2 reader
        boolean duck = !format.equals("bzip2");
        if (duck) {
            duckdb(file, duckOut, 1);
        }
        List<Timing> sluice = new ArrayList<>();
        List<Timing> duckdb = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            sluice.add(timed(() -> conversion.convert(file, sluiceOut)));
            if (duck) {
                duckdb.add(timed(() -> duckdb(file, duckOut, 1)));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %s, %.1f MB stored (%.1f%% of the CSV); rates below are of the %.1f MB of CSV text%n",
                format,
                file,
                stored / 1e6,
                100.0 * stored / size,
                size / 1e6);
        String name = String.format(Locale.ROOT, "%-6s", format);
        report("1 thread   processor-core, " + name, size, sluice, Files.size(sluiceOut));
        if (duck) {
            report("1 thread   DuckDB,         " + name, size, duckdb, Files.size(duckOut));
        }
        System.out.printf(
                Locale.ROOT,
                "1 thread   processor-core %s/plain throughput: %.2f by best wall time, %.2f by least CPU time;"
                        + " %.2f by median CPU time%n",
                format,
                best(plain, Timing::wall) / best(sluice, Timing::wall),
                best(plain, Timing::cpu) / best(sluice, Timing::cpu),
                median(plain, Timing::cpu) / median(sluice, Timing::cpu));
    }

    private static void twoThreads(
            Path csv, Path dir, long size, int runs, CsvConversion conversion, Path sluiceOut, Path duckOut)
            throws Exception {
        Path copy = dir.resolve("mixed-copy.csv");
        Path copyOut = dir.resolve("sluice-copy.parquet");
        Files.copy(csv, copy, StandardCopyOption.REPLACE_EXISTING);
        CsvConversion twoThreads =
                CsvConversion.builder().processingJob("bench").threads(2).build();
        List<Timing> pipelined = new ArrayList<>();
        List<Timing> pair = new ArrayList<>();
        List<Timing> duck2 = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < runs; r++) {
                pipelined.add(timed(() -> twoThreads.convert(csv, sluiceOut)));
                pair.add(timed(() -> {
                    Future<?> a = pool.submit(() -> conversion.convert(csv, sluiceOut));
                    Future<?> b = pool.submit(() -> conversion.convert(copy, copyOut));
                    a.get();
                    b.get();
                }));
                duck2.add(timed(() -> duckdb(csv, duckOut, 2)));
            }
        } finally {
            pool.shutdown();
        }
        report("2 threads  processor-core, one file, pipelined", size, pipelined, Files.size(sluiceOut));
        report("2 threads  processor-core, two files at once ", 2 * size, pair, Files.size(copyOut));
        report("2 threads  DuckDB, one file, threads=2        ", size, duck2, Files.size(duckOut));
    }

    interface Action {
        void run() throws Exception;
    }

    static double time(Action action) throws Exception {
        long t = System.nanoTime();
        action.run();
        return (System.nanoTime() - t) / 1e9;
    }

    /** Wall and process CPU seconds of one run (the CPU includes GC and JIT threads, or DuckDB's). */
    record Timing(double wall, double cpu) {}

    static Timing timed(Action action) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c = os.getProcessCpuTime();
        long t = System.nanoTime();
        action.run();
        return new Timing((System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - c) / 1e9);
    }

    private static double median(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
        double[] sorted = timings.stream().mapToDouble(f).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double best(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
        return timings.stream().mapToDouble(f).min().orElseThrow();
    }

    private static void report(String what, long bytes, List<Timing> timings, long output) {
        double wall = best(timings, Timing::wall);
        double cpu = best(timings, Timing::cpu);
        System.out.printf(
                Locale.ROOT,
                "%s: best %.2f s wall = %.1f MB/s; least CPU %.2f s = %.1f MB/s per CPU-second;"
                        + " median %.2f s wall, %.2f s CPU; output %.1f MB; runs (wall/cpu) %s%n",
                what,
                wall,
                bytes / 1e6 / wall,
                cpu,
                bytes / 1e6 / cpu,
                median(timings, Timing::wall),
                median(timings, Timing::cpu),
                output / 1e6,
                timings.stream()
                        .map(t -> String.format(Locale.ROOT, "%.2f/%.2f", t.wall(), t.cpu()))
                        .toList());
    }

    static void duckdb(Path csv, Path parquet, int threads) throws SQLException, IOException {
        Files.deleteIfExists(parquet);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("SET threads=" + threads);
            st.execute("COPY (SELECT * FROM read_csv('" + csv.toAbsolutePath() + "')) TO '" + parquet.toAbsolutePath()
                    + "' (FORMAT parquet)");
        }
    }
}
