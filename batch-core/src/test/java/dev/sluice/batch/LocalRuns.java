package dev.sluice.batch;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.TableSchemaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs of local files for the batch tests: CSVs under {@code <dir>/in}, the table under {@code <dir>/out}. */
public final class LocalRuns {

    private LocalRuns() {}

    /** Writes {@code <dir>/in/<name>}. */
    public static Path csv(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** The manifest entries of local files, ids from 1, each read by its URI and pinned by its MD5. */
    public static List<RunManifest.ManifestFile> files(List<Path> csvs) throws IOException {
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        for (Path csv : csvs) {
            byte[] bytes = Files.readAllBytes(csv);
            files.add(new RunManifest.ManifestFile(
                    files.size() + 1, csv.toUri().toString(), "", csv.toString(), bytes.length, md5(bytes), "", ""));
        }
        return files;
    }

    /** Attempt {@code attempt} of run {@code runId} of table {@code db.orders} under {@code <dir>/out}. */
    public static BatchJob job(Path dir, long runId, int attempt) {
        return new BatchJob(
                "job",
                "local-" + runId + "-" + attempt,
                runId,
                attempt,
                ObjectLocation.of(dir.resolve("out"), true),
                "db",
                "orders",
                "job:run-" + runId + "-" + attempt);
    }

    /** Table {@code db.orders}'s columns as the file catalog keeps them, {@code name type}. */
    public static List<String> columns(Path dir) throws IOException {
        return TableSchemaFile.fromJson(Files.readAllBytes(dir.resolve("out/_tables/db.orders.json")), "t")
                .columns()
                .stream()
                .map(c -> c.name() + " " + c.type())
                .toList();
    }

    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
