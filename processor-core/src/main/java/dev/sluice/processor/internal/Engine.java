package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/** Runs conversions, inspections and batch schema inference for {@code CsvConversion}. */
public final class Engine {

    private Engine() {}

    public static ConversionReport convert(Path csv, Path parquet, Settings settings) {
        long started = System.nanoTime();
        NullTokens nulls = new NullTokens(settings.nullTokens());
        Path target = parquet.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + ".sluice-tmp");
        Path rejectsTemp = settings.rejects()
                .map(r -> r.toAbsolutePath().resolveSibling("." + r.getFileName() + ".sluice-tmp"))
                .orElse(null);
        try {
            createParent(target);
            if (rejectsTemp != null) {
                createParent(rejectsTemp);
            }
            long processedAt = settings.processedAt()
                    .orElseGet(Instant::now)
                    .truncatedTo(ChronoUnit.MILLIS)
                    .toEpochMilli();
            String source = settings.sourceUri().orElse(csv.toUri().toString());
            Dialect dialect;
            Schema schema;
            WritePass.Outcome outcome;
            if (settings.schema().isPresent()) {
                schema = settings.schema().get();
                try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                    dialect = file.dialect;
                    int[] mapping = mapping(csv, file.header, schema);
                    outcome = new WritePass(csv, settings, file, schema, mapping, nulls, null)
                            .run(temp, rejectsTemp, metadata(schema, source, settings), processedAt, source, Set.of());
                }
            } else {
                Sample sample = Sample.of(csv, settings, nulls);
                dialect = sample.dialect();
                schema = sample.schema();
                try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
                    outcome = new WritePass(
                                    csv,
                                    settings,
                                    file,
                                    schema,
                                    identity(schema.size()),
                                    nulls,
                                    new SchemaInference(file.header))
                            .run(
                                    temp,
                                    rejectsTemp,
                                    metadata(schema, source, settings),
                                    processedAt,
                                    source,
                                    sample.plainColumns());
                }
                if (!outcome.confirmed()) {
                    schema = outcome.inference().schema();
                    try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
                        outcome = new WritePass(csv, settings, file, schema, identity(schema.size()), nulls, null)
                                .run(
                                        temp,
                                        rejectsTemp,
                                        metadata(schema, source, settings),
                                        processedAt,
                                        source,
                                        sample.plainColumns());
                    }
                }
            }
            if (rejectsTemp != null) {
                // a rejects file exists only when rows were rejected (a stale one would mislead)
                Path rejects = settings.rejects().get().toAbsolutePath();
                if (outcome.rowsRejected() > 0) {
                    move(rejectsTemp, rejects);
                } else {
                    Files.deleteIfExists(rejects);
                }
            }
            checkRejectRatio(csv, outcome, settings);
            move(temp, target);
            return new ConversionReport(
                    source,
                    outcome.rowsRead(),
                    outcome.rowsWritten(),
                    outcome.rowsRejected(),
                    Files.size(csv),
                    Duration.ofNanos(System.nanoTime() - started),
                    schema,
                    dialect,
                    Files.size(target),
                    settings.compression(),
                    outcome.samples());
        } catch (MalformedCsvException e) {
            throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
            if (rejectsTemp != null) {
                deleteQuietly(rejectsTemp);
            }
        }
    }

    private static int[] identity(int n) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            map[i] = i;
        }
        return map;
    }

    private static Map<String, String> metadata(Schema schema, String source, Settings settings) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("sluice.schema", schema.toJson());
        meta.put("sluice.source_file", source);
        meta.put("sluice.processing_job", settings.processingJob());
        return meta;
    }

    private static void checkRejectRatio(Path csv, WritePass.Outcome outcome, Settings settings) {
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

    private static void createParent(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless and named as such
        }
    }

    public static Inspection inspect(Path csv, Settings settings) {
        NullTokens nulls = new NullTokens(settings.nullTokens());
        try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
            SchemaInference inference = SchemaInference.of(file, nulls, settings);
            return new Inspection(
                    settings.sourceUri().orElse(csv.toUri().toString()),
                    file.dialect,
                    inference.rows(),
                    inference.badRows(),
                    inference.profiles());
        } catch (MalformedCsvException e) {
            throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    /** One schema for many files: every value of every file is seen, columns matched by name. */
    public static Schema inferSchema(List<Path> files, Settings settings) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to infer a schema from");
        }
        NullTokens nulls = new NullTokens(settings.nullTokens());
        SchemaInference merged = null;
        for (Path csv : files) {
            try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                SchemaInference one = SchemaInference.of(file, nulls, settings);
                if (merged == null) {
                    merged = one;
                } else {
                    merged.merge(one);
                }
            } catch (MalformedCsvException e) {
                throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
            } catch (IOException | UncheckedIOException e) {
                throw new ConversionException(csv + ": " + e.getMessage(), e);
            }
        }
        return merged.schema();
    }

    static String where(Path csv, long line) {
        return line > 0 ? csv + ": line " + line + ": " : csv + ": ";
    }

    /**
     * For each field of the file, the schema column it fills (or -1). A given schema is matched
     * by original name when the file has a header naming only known columns, else by position.
     */
    private static int[] mapping(Path csv, List<String> header, Schema schema) {
        int[] map = new int[header.size()];
        List<String> known = ColumnKeys.of(
                schema.columns().stream().map(c -> c.originalName()).toList());
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < known.size(); i++) {
            byName.put(known.get(i), i);
        }
        List<String> keys = ColumnKeys.of(header);
        if (byName.keySet().containsAll(keys)) {
            for (int i = 0; i < map.length; i++) {
                map[i] = byName.get(keys.get(i));
            }
            return map;
        }
        if (header.size() != schema.size()) {
            List<String> unknown = new ArrayList<>(header);
            unknown.removeAll(byName.keySet());
            throw new ConversionException(csv + ": the file has " + header.size() + " columns, the schema "
                    + schema.size() + "; columns the schema does not know: " + unknown);
        }
        for (int i = 0; i < map.length; i++) {
            map[i] = i;
        }
        return map;
    }
}
