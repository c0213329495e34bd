package dev.sluice.benchmarks;

import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Streaming check: a 1 GB CSV converts in a JVM whose heap is capped at 256 MB. The parent
 * generates the file and starts the child; the child converts and prints its peak heap.
 */
public final class MemoryCheck {

    static final long ONE_GB = 1_000_000_000L;

    private MemoryCheck() {}

    static void runInChildJvm(Path dir) throws IOException, InterruptedException {
        Path big = dir.resolve("mixed-1gb.csv");
        if (!Files.exists(big) || Files.size(big) < ONE_GB) {
            long t = System.nanoTime();
            MixedCsv.write(big, 0, ONE_GB);
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", big, (System.nanoTime() - t) / 1e9);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryCheck.class.getName(),
                        big.toString(),
                        dir.resolve("mixed-1gb.parquet").toString()))
                .inheritIO()
                .start();
        int status = child.waitFor();
        if (status != 0) {
            throw new IllegalStateException("the -Xmx256m conversion of " + big + " failed with status " + status);
        }
    }

    public static void main(String[] args) {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ConversionReport report =
                CsvConversion.builder().processingJob("bench-1gb").build().convert(in, out);
        System.out.printf(
                Locale.ROOT,
                "-Xmx%dm 1 GB check: %,d rows, %.1f MB in %.1f s (%.1f MB/s), peak heap %d MB, output %.1f MB%n",
                Runtime.getRuntime().maxMemory() >> 20,
                report.rowsWritten(),
                report.bytesRead() / 1e6,
                report.duration().toNanos() / 1e9,
                report.megabytesPerSecond(),
                Bench.peakHeapBytes() >> 20,
                report.bytesWritten() / 1e6);
    }
}
