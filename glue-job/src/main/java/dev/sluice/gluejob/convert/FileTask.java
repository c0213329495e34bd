package dev.sluice.gluejob.convert;

import dev.sluice.gluejob.storage.ObjectLocation;
import dev.sluice.gluejob.storage.ObjectStores;
import dev.sluice.gluejob.storage.ObjectUnavailableException;
import dev.sluice.gluejob.storage.StoreSettings;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One file of a run, as a Spark task sees it on an executor: it copies the file to local disk and
 * hands it to processor-core, which decides everything about the CSV (dialect, types, names,
 * nulls, metadata columns). A file that cannot be converted as a whole becomes an outcome with an
 * error, so the other tasks carry on; failures of the storage itself are thrown, so that Spark
 * retries the task.
 *
 * @param schemaJson the schema to convert with (processor-core's JSON), or empty to let
 *     processor-core infer the file's own
 */
public record FileTask(
        int index,
        long fileId,
        String uri,
        long size,
        StoreSettings store,
        ObjectLocation parquet,
        ObjectLocation rejects,
        String processingJob,
        long processedAtMillis,
        String schemaJson)
        implements Serializable {

    public FileTask {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(rejects, "rejects");
        Objects.requireNonNull(processingJob, "processingJob");
        Objects.requireNonNull(schemaJson, "schemaJson");
    }

    public FileTask withSchema(String json) {
        return new FileTask(index, fileId, uri, size, store, parquet, rejects, processingJob, processedAtMillis, json);
    }

    /** The typing pass: what processor-core infers for this file alone. */
    public FileInspection inspect() {
        try (LocalCopy copy = download()) {
            try {
                Inspection inspection =
                        CsvConversion.builder().sourceUri(uri).build().inspect(copy.csv);
                return new FileInspection(index, inspection.schema().toJson(), inspection.rows(), "");
            } catch (ConversionException e) {
                return FileInspection.failed(index, copy.message(e));
            }
        } catch (ObjectUnavailableException e) {
            return FileInspection.failed(index, e.getMessage());
        }
    }

    /** The writing pass: Parquet and rejects written locally, then stored where the run's output goes. */
    public FileOutcome convert() {
        long started = System.nanoTime();
        try (LocalCopy copy = download()) {
            Path parquetFile = copy.dir.resolve("part.parquet");
            Path rejectsFile = copy.dir.resolve("rejects.csv");
            CsvConversion.Builder builder = CsvConversion.builder()
                    .sourceUri(uri)
                    .processingJob(processingJob)
                    .processedAt(Instant.ofEpochMilli(processedAtMillis))
                    .rejects(rejectsFile);
            if (!schemaJson.isEmpty()) {
                builder = builder.schema(Schema.fromJson(schemaJson));
            }
            ConversionReport report;
            try {
                report = builder.build().convert(copy.csv, parquetFile);
            } catch (ConversionException e) {
                return FileOutcome.failed(this, copy.message(e), storeRejects(rejectsFile), millisSince(started));
            }
            ObjectStores.forLocation(parquet, store).upload(parquetFile, parquet);
            return new FileOutcome(
                    index,
                    fileId,
                    uri,
                    report.rowsRead(),
                    report.rowsWritten(),
                    report.rowsRejected(),
                    report.bytesRead(),
                    report.bytesWritten(),
                    parquet.uri(),
                    storeRejects(rejectsFile),
                    millisSince(started),
                    "");
        } catch (ObjectUnavailableException e) {
            return FileOutcome.failed(this, e.getMessage(), "", millisSince(started));
        }
    }

    private String storeRejects(Path rejectsFile) {
        if (!Files.exists(rejectsFile)) {
            return "";
        }
        ObjectStores.forLocation(rejects, store).upload(rejectsFile, rejects);
        return rejects.uri();
    }

    private LocalCopy download() {
        ObjectLocation source = ObjectLocation.parse(uri);
        LocalCopy copy = LocalCopy.create(source.fileName(), uri);
        try {
            ObjectStores.forLocation(source, store).download(source, copy.csv);
            return copy;
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** A file's local copy in a directory of its own, removed with everything in it. */
    private static final class LocalCopy implements AutoCloseable {
        final Path dir;
        final Path csv;
        private final String uri;

        private LocalCopy(Path dir, Path csv, String uri) {
            this.dir = dir;
            this.csv = csv;
            this.uri = uri;
        }

        static LocalCopy create(String name, String uri) {
            try {
                Path dir = Files.createTempDirectory("sluice-file-");
                return new LocalCopy(dir, dir.resolve(name.isBlank() ? "input.csv" : name), uri);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a local work directory", e);
            }
        }

        /** processor-core's message, naming the file by its URI rather than by this copy. */
        String message(ConversionException e) {
            return e.getMessage().replace(csv.toString(), uri);
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir, e);
            }
        }
    }
}
