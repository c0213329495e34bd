package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.SourceCompression;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One CSV file converted into one Parquet file: the passes it takes, temporary files moved into
 * place only on success, the reject ratio checked, the report made.
 */
final class FileConversion {

    private final Path csv;
    private final Settings settings;
    private final NullTokens nulls;
    private final Path target;
    private final Path temp;
    private final Optional<Path> rejects;
    private final Optional<Path> rejectsTemp;
    private final long processedAtMillis;
    private final String source;
    private final long minRangeBytes;

    FileConversion(Path csv, Path parquet, Settings settings) {
        this(csv, parquet, settings, RangedPass.MIN_RANGE_BYTES);
    }

    /** With a chosen smallest byte range for {@code threads > 1}: tests cut small files into many. */
    FileConversion(Path csv, Path parquet, Settings settings, long minRangeBytes) {
        this.minRangeBytes = minRangeBytes;
        this.csv = csv;
        this.settings = settings;
        this.nulls = new NullTokens(settings.nullTokens());
        this.target = parquet.toAbsolutePath();
        this.temp = tempBeside(target);
        this.rejects = settings.rejects().map(Path::toAbsolutePath);
        this.rejectsTemp = rejects.map(FileConversion::tempBeside);
        this.processedAtMillis = settings.processedAt()
                .orElseGet(Instant::now)
                .truncatedTo(ChronoUnit.MILLIS)
                .toEpochMilli();
        this.source = settings.sourceUri().orElse(csv.toUri().toString());
    }

    static Path tempBeside(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".sluice-tmp");
    }

    ConversionReport run() throws IOException {
        long started = System.nanoTime();
        try {
            createParent(target);
            if (rejectsTemp.isPresent()) {
                createParent(rejectsTemp.get());
            }
            Written written = settings.schema().isPresent()
                    ? withGivenSchema(settings.schema().get())
                    : inferring();
            WritePass.Outcome outcome = written.outcome();
            keepRejects(outcome);
            checkRejectRatio(outcome);
            move(temp, target);
            return new ConversionReport(
                    source,
                    outcome.rowsRead(),
                    outcome.rowsWritten(),
                    outcome.rowsRejected(),
                    Files.size(csv),
                    Duration.ofNanos(System.nanoTime() - started),
                    written.schema(),
                    written.dialect(),
                    Files.size(target),
                    settings.compression(),
                    outcome.samples(),
                    written.sourceCompression(),
                    written.uncompressedBytes(),
                    written.ranges(),
                    written.oneThread());
        } finally {
            deleteQuietly(temp);
            rejectsTemp.ifPresent(FileConversion::deleteQuietly);
        }
    }

    /**
     * What the last pass wrote; {@code uncompressedBytes} is what it read, all of the file's CSV
     * text, since a pass reads to the end. {@code ranges} is how many ranges threads converted at
     * once (1 on one thread), {@code oneThread} why threads that were asked for did not.
     */
    private record Written(
            Dialect dialect,
            Schema schema,
            WritePass.Outcome outcome,
            SourceCompression sourceCompression,
            long uncompressedBytes,
            int ranges,
            String oneThread) {

        Written(CsvFile file, Dialect dialect, Schema schema, WritePass.Outcome outcome, String oneThread) {
            this(dialect, schema, outcome, file.source.compression(), file.source.decodedBytes(), 1, oneThread);
        }

        /** Ranges are cut only in a file read as it is stored: never a compressed one. */
        static Written ranged(Path csv, Dialect dialect, Schema schema, WritePass.Outcome outcome, RangedPass pass)
                throws IOException {
            return new Written(dialect, schema, outcome, SourceCompression.NONE, Files.size(csv), pass.ranges(), "");
        }
    }

    /** Why a file cut into ranges went on one thread after all. */
    private static final String UNPROVEN =
            "a cut fell inside a quoted field, so the ranges could not be proven to start records";

    private Written withGivenSchema(Schema schema) throws IOException {
        try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
            int[] mapping = mapping(csv, file.header, schema);
            RangedPass.Planned planned =
                    RangedPass.plan(csv, settings, file.dialect, file.header, nulls, minRangeBytes);
            if (planned.pass().isPresent()) {
                RangedPass ranges = planned.pass().get();
                Optional<WritePass.Outcome> outcome = ranged(ranges, schema, mapping, false, Set.of());
                if (outcome.isPresent()) {
                    return Written.ranged(csv, file.dialect, schema, outcome.get(), ranges);
                }
            }
            String why = planned.pass().isPresent() ? UNPROVEN : planned.oneThread();
            return new Written(file, file.dialect, schema, pass(file, schema, mapping, null, Set.of()), why);
        }
    }

    /**
     * Types the first rows, writes with their schema while typing every value; when the whole file
     * does not confirm that schema, writes again with the schema of all values.
     */
    private Written inferring() throws IOException {
        Sample sample = Sample.of(csv, settings, nulls);
        Dialect dialect = sample.dialect();
        Schema schema = sample.schema();
        RangedPass.Planned planned = RangedPass.plan(csv, settings, dialect, sample.header(), nulls, minRangeBytes);
        WritePass.Outcome outcome = null;
        if (planned.pass().isPresent()) {
            RangedPass ranges = planned.pass().get();
            outcome = ranged(ranges, schema, identity(schema.size()), !sample.wholeFile(), sample.plainColumns())
                    .orElse(null);
            if (outcome != null && !outcome.confirmed()) {
                schema = outcome.inference().schema();
                outcome = ranged(ranges, schema, identity(schema.size()), false, sample.plainColumns())
                        .orElse(null);
            }
            if (outcome != null) {
                return Written.ranged(csv, dialect, schema, outcome, ranges);
            }
        }
        // one thread: the file cannot be cut, or a cut could not be proven to start a record
        String why = planned.pass().isPresent() ? UNPROVEN : planned.oneThread();
        Written written;
        // each pass opens the file again: a compressed file is decompressed again, never kept
        try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
            SchemaInference inference = sample.wholeFile() ? null : new SchemaInference(file.header);
            written = new Written(
                    file,
                    dialect,
                    schema,
                    pass(file, schema, identity(schema.size()), inference, sample.plainColumns()),
                    why);
        }
        if (!written.outcome().confirmed()) {
            schema = written.outcome().inference().schema();
            try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
                written = new Written(
                        file,
                        dialect,
                        schema,
                        pass(file, schema, identity(schema.size()), null, sample.plainColumns()),
                        why);
            }
        }
        return written;
    }

    private Optional<WritePass.Outcome> ranged(
            RangedPass ranges, Schema schema, int[] mapping, boolean inferring, Set<String> plainColumns)
            throws IOException {
        return ranges.run(
                temp,
                rejectsTemp.orElse(null),
                metadata(schema),
                processedAtMillis,
                source,
                schema,
                mapping,
                inferring,
                plainColumns);
    }

    private WritePass.Outcome pass(
            CsvFile file, Schema schema, int[] mapping, SchemaInference inference, Set<String> plainColumns)
            throws IOException {
        return new WritePass(csv, settings, file, schema, mapping, nulls, inference)
                .run(temp, rejectsTemp.orElse(null), metadata(schema), processedAtMillis, source, plainColumns);
    }

    private Map<String, String> metadata(Schema schema) {
        return metadata(schema, source, settings.processingJob());
    }

    /** The key-value metadata of every file a conversion writes. */
    static Map<String, String> metadata(Schema schema, String source, String processingJob) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("sluice.schema", schema.toJson());
        meta.put("sluice.source_file", source);
        meta.put("sluice.processing_job", processingJob);
        return meta;
    }

    /** A rejects file exists only when rows were rejected (a stale one would mislead). */
    private void keepRejects(WritePass.Outcome outcome) throws IOException {
        if (rejects.isEmpty()) {
            return;
        }
        if (outcome.rowsRejected() > 0) {
            move(rejectsTemp.get(), rejects.get());
        } else {
            Files.deleteIfExists(rejects.get());
        }
    }

    private void checkRejectRatio(WritePass.Outcome outcome) {
        if (outcome.rowsRead() == 0 || outcome.rowsRejected() == 0) {
            return;
        }
        double ratio = (double) outcome.rowsRejected() / outcome.rowsRead();
        if (ratio > settings.maxRejectRatio()) {
            RejectedRow first = outcome.samples().get(0);
            throw new ConversionException(String.format(
                    Locale.ROOT,
                    "%s: %d of %d rows rejected (%.1f%%), more than the allowed %.1f%%; the first at line %d: %s",
                    csv,
                    outcome.rowsRejected(),
                    outcome.rowsRead(),
                    ratio * 100,
                    settings.maxRejectRatio() * 100,
                    first.line(),
                    first.reason()));
        }
    }

    /**
     * For each field of the file, the schema column it fills. A given schema is matched by
     * original name (and occurrence, for repeated names) when the file's header names only known
     * columns, else by position.
     */
    static int[] mapping(Path csv, List<String> header, Schema schema) {
        List<String> known = ColumnKeys.of(
                schema.columns().stream().map(c -> c.originalName()).toList());
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < known.size(); i++) {
            byName.put(known.get(i), i);
        }
        List<String> keys = ColumnKeys.of(header);
        int[] map = new int[header.size()];
        if (byName.keySet().containsAll(keys)) {
            for (int i = 0; i < map.length; i++) {
                map[i] = byName.get(keys.get(i));
            }
            return map;
        }
        if (header.size() != schema.size()) {
            List<String> unknown = new ArrayList<>(header);
            unknown.removeAll(
                    schema.columns().stream().map(c -> c.originalName()).toList());
            throw new ConversionException(csv + ": the file has " + header.size() + " columns, the schema "
                    + schema.size() + "; columns the schema does not know: " + unknown);
        }
        return identity(map.length);
    }

    static int[] identity(int n) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            map[i] = i;
        }
        return map;
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless and named as such
        }
    }
}
