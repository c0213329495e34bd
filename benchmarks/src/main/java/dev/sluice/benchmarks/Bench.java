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
import java.util.Collections;
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
 * ./benchmarks/run.sh [--rows N] [--runs N] [--dir DIR] [--no-memory-check]
 * </pre>
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        int runs = 3;
        Path dir = Path.of("target/bench-data");
        boolean memoryCheck = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-memory-check" -> memoryCheck = false;
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

        List<Double> sluice = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            sluice.add(time(() -> conversion.convert(csv, sluiceOut)));
            duck.add(time(() -> duckdb(csv, duckOut, 1)));
        }
        double sluiceBest = Collections.min(sluice);
        double duckBest = Collections.min(duck);
        System.out.printf(
                Locale.ROOT,
                "1 thread   processor-core: best %.2f s = %.1f MB/s (runs %s), output %.1f MB%n",
                sluiceBest,
                size / 1e6 / sluiceBest,
                seconds(sluice),
                Files.size(sluiceOut) / 1e6);
        System.out.printf(
                Locale.ROOT,
                "1 thread   DuckDB:         best %.2f s = %.1f MB/s (runs %s), output %.1f MB%n",
                duckBest,
                size / 1e6 / duckBest,
                seconds(duck),
                Files.size(duckOut) / 1e6);
        System.out.printf(
                Locale.ROOT, "1 thread   ratio processor-core/DuckDB throughput: %.2f%n", duckBest / sluiceBest);

        Path copy = dir.resolve("mixed-copy.csv");
        Path copyOut = dir.resolve("sluice-copy.parquet");
        Files.copy(csv, copy, StandardCopyOption.REPLACE_EXISTING);
        List<Double> pair = new ArrayList<>();
        List<Double> duck2 = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < runs; r++) {
                pair.add(time(() -> {
                    Future<?> a = pool.submit(() -> conversion.convert(csv, sluiceOut));
                    Future<?> b = pool.submit(() -> conversion.convert(copy, copyOut));
                    a.get();
                    b.get();
                }));
                duck2.add(time(() -> duckdb(csv, duckOut, 2)));
            }
        } finally {
            pool.shutdown();
        }
        double pairBest = Collections.min(pair);
        double duck2Best = Collections.min(duck2);
        System.out.printf(
                Locale.ROOT,
                "2 threads  processor-core (two files at once): best %.2f s = %.1f MB/s (runs %s)%n",
                pairBest,
                2 * size / 1e6 / pairBest,
                seconds(pair));
        System.out.printf(
                Locale.ROOT,
                "2 threads  DuckDB (one file, threads=2):        best %.2f s = %.1f MB/s (runs %s)%n",
                duck2Best,
                size / 1e6 / duck2Best,
                seconds(duck2));

        if (memoryCheck) {
            MemoryCheck.runInChildJvm(dir);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static double time(Action action) throws Exception {
        long t = System.nanoTime();
        action.run();
        return (System.nanoTime() - t) / 1e9;
    }

    private static String seconds(List<Double> values) {
        return values.stream()
                .map(v -> String.format(Locale.ROOT, "%.2f", v))
                .toList()
                .toString();
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

    static long peakHeapBytes() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
