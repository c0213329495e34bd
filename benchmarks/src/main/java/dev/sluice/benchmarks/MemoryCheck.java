package dev.sluice.benchmarks;

import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
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

    public static void main(String[] args) throws InterruptedException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        HeapWatch watch = new HeapWatch();
        watch.start();
        ConversionReport report =
                CsvConversion.builder().processingJob("bench-1gb").build().convert(in, out);
        watch.stopWatching();
        System.out.printf(
                Locale.ROOT,
                "-Xmx%dm 1 GB check: %,d rows, %.1f MB in %.1f s (%.1f MB/s), output %.1f MB;"
                        + " heap used at most %d MB, live after GC at most %d MB%n",
                Runtime.getRuntime().maxMemory() >> 20,
                report.rowsWritten(),
                report.bytesRead() / 1e6,
                report.duration().toNanos() / 1e9,
                report.megabytesPerSecond(),
                report.bytesWritten() / 1e6,
                watch.maxUsed >> 20,
                watch.maxLiveAfterGc >> 20);
    }

    /** Samples heap use: the most used at any time, and the most still used right after a GC. */
    static final class HeapWatch extends Thread {
        private volatile boolean running = true;
        private long maxUsed;
        private long maxLiveAfterGc;

        HeapWatch() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long afterGc = 0;
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        var collected = pool.getCollectionUsage();
                        if (collected != null) {
                            afterGc += collected.getUsed();
                        }
                    }
                }
                maxUsed = Math.max(maxUsed, used);
                maxLiveAfterGc = Math.max(maxLiveAfterGc, afterGc);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopWatching() throws InterruptedException {
            running = false;
            join();
        }
    }
}
