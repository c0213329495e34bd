package dev.sluice.benchmarks;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** A compressed copy of the benchmark file beside it, made once (the same bytes give the same copy). */
final class Compressed {

    private Compressed() {}

    static Path of(Path csv, String format) throws IOException {
        String suffix = switch (format) {
            case "gzip" -> ".gz";
            case "zstd" -> ".zst";
            case "bzip2" -> ".bz2";
            default -> throw new IllegalArgumentException("no such format: " + format);
        };
        Path target = csv.resolveSibling(csv.getFileName() + suffix);
        if (Files.exists(target) && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(csv)) > 0) {
            return target;
        }
        long t = System.nanoTime();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (InputStream in = Files.newInputStream(csv);
                OutputStream out = open(format, Files.newOutputStream(temp))) {
            in.transferTo(out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(
                java.util.Locale.ROOT,
                "compressed %s with %s (the library's default level) in %.1f s%n",
                csv.getFileName(),
                format,
                (System.nanoTime() - t) / 1e9);
        return target;
    }

    private static OutputStream open(String format, OutputStream out) throws IOException {
        return switch (format) {
            case "gzip" -> new GZIPOutputStream(out, 1 << 16);
            case "zstd" -> new ZstdOutputStream(out);
            default -> new BZip2CompressorOutputStream(out);
        };
    }
}
