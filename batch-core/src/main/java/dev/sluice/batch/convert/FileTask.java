package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import dev.sluice.processor.SourceCompression;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of a run, as a task sees it wherever it runs: it copies the file to local disk and
 * hands it to processor-core, which decides everything about the CSV (dialect, types, names,
 * nulls, metadata columns). A file that cannot be converted as a whole becomes an outcome with an
 * error, so the other tasks carry on; failures of the storage itself are thrown, so that the
 * runner retries the task (Spark does).
 *
 * @param uri the file as the user named it: the lineage its rows carry in {@code source_file}
 * @param location where its bytes are read from: {@code uri} itself on S3, a place of the
 *     arrival's own in embedded mode
 * @param version exactly which bytes of {@code location} to convert: those that arrived
 * @param stores how to reach the input and the output from where the task runs
 * @param parquet where the file's Parquet ends up, in the table's partition
 * @param rejects where its rejected rows end up
 * @param staged where the first conversion puts both before the batch's schema is known: a
 *     prefix outside the table
 * @param threads processor-core's threads for this file: 2 when the run has cores to spare
 */
public record FileTask(
        int index,
        long fileId,
        String uri,
        String location,
        long size,
        ObjectVersion version,
        ObjectStores stores,
        ObjectLocation parquet,
        ObjectLocation rejects,
        ObjectLocation staged,
        String processingJob,
        long processedAtMillis,
        int threads)
        implements Serializable {

    public FileTask {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(rejects, "rejects");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(processingJob, "processingJob");
    }

    /**
     * The first conversion, with the schema processor-core infers for this file alone, into the
     * staging prefix. Most batches are files of one kind, whose schemas agree: then this is the
     * only pass over the file, and its output only needs copying into the table.
     */
    public FileOutcome convertStaged() {
        return convert(Optional.empty(), staged.resolve("part.parquet"), staged.resolve("rejects.csv"), null);
    }

    /** Converts again with the batch's schema, straight into the table. */
    public FileOutcome convertFinal(String schemaJson) {
        return convert(Optional.of(Schema.fromJson(schemaJson)), parquet, rejects, null);
    }

    /**
     * Converts again with the batch's schema into a local file, to be combined with others; the
     * rejects go to their place as usual. The outcome names no Parquet.
     */
    FileOutcome convertLocal(String schemaJson, Path local) {
        return convert(Optional.of(Schema.fromJson(schemaJson)), parquet, rejects, local);
    }

    /** Copies the staged conversion's Parquet to local disk, to be combined with others. */
    void downloadStaged(FileOutcome stagedOutcome, Path local) {
        ObjectLocation at = ObjectLocation.parse(stagedOutcome.parquet());
        store(at).download(at, local);
    }

    /**
     * Moves a staged conversion into the table: the Parquet (if any; one per range of a file
     * converted as ranges) and the rejects (if any).
     */
    public FileOutcome promote(FileOutcome stagedOutcome) {
        long started = System.nanoTime();
        if (!stagedOutcome.ranges().isEmpty()) {
            List<FileOutcome.Part> parts = new ArrayList<>();
            for (int k = 0; k < stagedOutcome.ranges().size(); k++) {
                FileOutcome.Part part = stagedOutcome.ranges().get(k);
                ObjectLocation target = rangeParquet(k);
                copy(ObjectLocation.parse(part.uri()), target);
                parts.add(new FileOutcome.Part(target.uri(), part.rows()));
            }
            String rejectsUri = "";
            if (!stagedOutcome.rejects().isEmpty()) {
                copy(ObjectLocation.parse(stagedOutcome.rejects()), rejects);
                rejectsUri = rejects.uri();
            }
            return stagedOutcome.inRanges(parts, rejectsUri, millisSince(started));
        }
        String parquetUri = "";
        if (!stagedOutcome.parquet().isEmpty()) {
            copy(ObjectLocation.parse(stagedOutcome.parquet()), parquet);
            parquetUri = parquet.uri();
        }
        String rejectsUri = "";
        if (!stagedOutcome.rejects().isEmpty()) {
            copy(ObjectLocation.parse(stagedOutcome.rejects()), rejects);
            rejectsUri = rejects.uri();
        }
        return stagedOutcome.withFiles(parquetUri, rejectsUri, millisSince(started));
    }

    /** @param keepLocal when not null, where the Parquet is moved instead of uploaded */
    private FileOutcome convert(
            Optional<Schema> schema, ObjectLocation parquetTarget, ObjectLocation rejectsTarget, Path keepLocal) {
        long started = System.nanoTime();
        try (LocalCopy copy = download()) {
            Path parquetFile = copy.dir.resolve("part.parquet");
            Path rejectsFile = copy.dir.resolve("rejects.csv");
            CsvConversion.Builder builder = CsvConversion.builder()
                    .sourceUri(uri)
                    .processingJob(processingJob)
                    .processedAt(Instant.ofEpochMilli(processedAtMillis))
                    .rejects(rejectsFile)
                    .threads(threads);
            if (schema.isPresent()) {
                builder = builder.schema(schema.get());
            }
            ConversionReport report;
            try {
                report = builder.build().convert(copy.csv, parquetFile);
            } catch (ConversionException e) {
                // a file over the reject ratio keeps its rejects, to show why
                String rejectsUri = Files.exists(rejectsFile) ? upload(rejectsFile, rejectsTarget) : "";
                return FileOutcome.failed(this, copy.message(e)).withFiles("", rejectsUri, millisSince(started));
            }
            String parquetUri;
            if (keepLocal == null) {
                parquetUri = upload(parquetFile, parquetTarget);
            } else {
                moveTo(parquetFile, keepLocal);
                parquetUri = "";
            }
            String rejectsUri = report.rowsRejected() > 0 ? upload(rejectsFile, rejectsTarget) : "";
            return new FileOutcome(
                    index,
                    fileId,
                    uri,
                    report.rowsRead(),
                    report.rowsWritten(),
                    report.rowsRejected(),
                    report.bytesRead(),
                    report.sourceCompression() == SourceCompression.NONE
                            ? ""
                            : report.sourceCompression().label(),
                    report.uncompressedBytes(),
                    report.bytesWritten(),
                    parquetUri,
                    rejectsUri,
                    0,
                    millisSince(started),
                    report.schema().toJson(),
                    "",
                    List.of(),
                    "");
        } catch (ObjectUnavailableException e) {
            return FileOutcome.failed(this, e.getMessage()).withFiles("", "", millisSince(started));
        }
    }

    private static void moveTo(Path file, Path target) {
        try {
            Files.move(file, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    private String upload(Path file, ObjectLocation target) {
        store(target).upload(file, target);
        return target.uri();
    }

    private void copy(ObjectLocation from, ObjectLocation to) {
        store(to).copy(from, to);
    }

    private ObjectStore store(ObjectLocation location) {
        return stores.forLocation(location);
    }

    /**
     * Where range {@code k}'s Parquet goes in the table when the file is converted as ranges: beside
     * {@link #parquet}, {@code part-<run>-<index>-r<k>.parquet}, so that the run's prefix holds it.
     */
    public ObjectLocation rangeParquet(int k) {
        String key = parquet.key();
        String base = key.endsWith(".parquet") ? key.substring(0, key.length() - ".parquet".length()) : key;
        return new ObjectLocation(parquet.scheme(), parquet.bucket(), base + "-r" + k + ".parquet");
    }

    /**
     * Writes bytes {@code [start, end)} of the bytes that arrived into {@code target} at their
     * offsets in the file (see {@link ObjectStore#downloadRange}).
     *
     * @throws ObjectUnavailableException when they are gone or the key holds other bytes now
     */
    public void fetchRange(long start, long end, Path target) {
        ObjectLocation source = ObjectLocation.parse(location);
        store(source).downloadRange(source, version, start, end, target);
    }

    /**
     * Copies the bytes that arrived to {@code target}.
     *
     * @throws ObjectUnavailableException when they are gone or the key holds other bytes now
     */
    public void fetch(Path target) {
        ObjectLocation source = ObjectLocation.parse(location);
        store(source).download(source, version, target);
    }

    private LocalCopy download() {
        ObjectLocation source = ObjectLocation.parse(uri);
        LocalCopy copy = LocalCopy.create(source.fileName(), uri);
        try {
            fetch(copy.csv);
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
        final WorkDir dir;
        final Path csv;
        private final String uri;

        private LocalCopy(WorkDir dir, String name, String uri) {
            this.dir = dir;
            this.csv = dir.resolve(name.isBlank() ? "input.csv" : name);
            this.uri = uri;
        }

        static LocalCopy create(String name, String uri) {
            return new LocalCopy(WorkDir.create("sluice-file-"), name, uri);
        }

        /** processor-core's message, naming the file by its URI rather than by this copy. */
        String message(ConversionException e) {
            return e.getMessage().replace(csv.toString(), uri);
        }

        @Override
        public void close() {
            dir.close();
        }
    }
}
