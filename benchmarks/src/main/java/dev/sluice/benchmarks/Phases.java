package dev.sluice.benchmarks;

import dev.sluice.processor.CsvConversion;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times the typing pass (inspect) and the whole conversion separately, in wall time and in CPU
 * time of the converting thread (the machine may be shared), for profiling work.
 */
public final class Phases {

    private Phases() {}

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threadCount = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        CsvConversion conversion = CsvConversion.builder().threads(threadCount).build();
        System.out.println("threads " + threadCount);
        Path out = csv.resolveSibling("phases.parquet");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            double inspect = Bench.time(() -> conversion.inspect(csv));
            long cpu1 = threads.getCurrentThreadCpuTime();
            double convert = Bench.time(() -> conversion.convert(csv, out));
            long cpu2 = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    Locale.ROOT,
                    "inspect %.2f s (cpu %.2f), convert %.2f s (cpu %.2f)%n",
                    inspect,
                    (cpu1 - cpu0) / 1e9,
                    convert,
                    (cpu2 - cpu1) / 1e9);
        }
    }
}
