package dev.sluice.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Runs only the 1 GB / -Xmx256m check: {@code MemCheckOnly [dir]}. */
public final class MemCheckOnly {

    private MemCheckOnly() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-data");
        Files.createDirectories(dir);
        MemoryCheck.runInChildJvm(dir);
    }
}
