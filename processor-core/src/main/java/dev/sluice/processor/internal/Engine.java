package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.OnError;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.convert.RejectsWriter;
import dev.sluice.processor.internal.convert.ValueConverter;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.parquet.ParquetRowWriter;
import dev.sluice.processor.internal.parquet.RowBuffer;
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
import java.util.Map;
import java.util.Optional;

/** Runs conversions, inspections and batch schema inference for {@code CsvConversion}. */
public final class Engine {

    private Engine() {}

    public static ConversionReport convert(Path csv, Path parquet, Settings settings) {
        long started = System.nanoTime();
        NullTokens nulls = new NullTokens(settings.nullTokens());
        try {
            Dialect dialect;
            Schema schema;
            List<String> header;
            if (settings.schema().isPresent()) {
                schema = settings.schema().get();
                try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                    dialect = file.dialect;
                    header = file.header;
                }
            } else {
                try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                    dialect = file.dialect;
                    header = file.header;
                    schema = SchemaInference.of(file, nulls, settings).schema();
                }
            }
            int[] mapping = mapping(csv, header, schema, settings.schema().isPresent());
            try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
                return new Pass(csv, parquet, settings, file, schema, mapping, nulls, started).run();
            }
        } catch (MalformedCsvException e) {
            throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
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
    private static int[] mapping(Path csv, List<String> header, Schema schema, boolean given) {
        int[] map = new int[header.size()];
        if (!given) {
            for (int i = 0; i < map.length; i++) {
                map[i] = i;
            }
            return map;
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < schema.size(); i++) {
            byName.putIfAbsent(schema.column(i).originalName(), i);
        }
        boolean allNamed = header.stream().allMatch(byName::containsKey);
        if (allNamed) {
            for (int i = 0; i < map.length; i++) {
                map[i] = byName.get(header.get(i));
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

    /** The writing pass over one file. */
    private static final class Pass {
        private final Path csv;
        private final Path parquet;
        private final Settings settings;
        private final CsvFile file;
        private final Schema schema;
        private final int[] mapping;
        private final NullTokens nulls;
        private final long started;
        private final List<RejectedRow> samples = new ArrayList<>();
        private RejectsWriter rejects;
        private long rowsRead;
        private long rowsRejected;

        Pass(
                Path csv,
                Path parquet,
                Settings settings,
                CsvFile file,
                Schema schema,
                int[] mapping,
                NullTokens nulls,
                long started) {
            this.csv = csv;
            this.parquet = parquet;
            this.settings = settings;
            this.file = file;
            this.schema = schema;
            this.mapping = mapping;
            this.nulls = nulls;
            this.started = started;
        }

        ConversionReport run() throws IOException {
            Instant processedAt = settings.processedAt().orElseGet(Instant::now).truncatedTo(ChronoUnit.MILLIS);
            String source = settings.sourceUri().orElse(csv.toUri().toString());
            Path target = parquet.toAbsolutePath();
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = target.resolveSibling("." + target.getFileName() + ".sluice-tmp");
            boolean done = false;
            try {
                long written;
                try (ParquetRowWriter writer = ParquetRowWriter.create(
                        temp,
                        schema,
                        metadata(source),
                        processedAt.toEpochMilli(),
                        source,
                        settings.processingJob(),
                        new ParquetRowWriter.Options(
                                settings.compression(),
                                settings.rowGroupBytes(),
                                settings.pageBytes(),
                                settings.pageBytes()))) {
                    written = writeRows(writer);
                } finally {
                    if (rejects != null) {
                        rejects.close();
                    }
                }
                checkRejectRatio();
                move(temp, target);
                done = true;
                return new ConversionReport(
                        source,
                        rowsRead,
                        written,
                        rowsRejected,
                        file.size,
                        Duration.ofNanos(System.nanoTime() - started),
                        schema,
                        file.dialect,
                        Files.size(target),
                        settings.compression(),
                        samples);
            } finally {
                if (!done) {
                    Files.deleteIfExists(temp);
                }
            }
        }

        private Map<String, String> metadata(String source) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("sluice.schema", schema.toJson());
            meta.put("sluice.source_file", source);
            meta.put("sluice.processing_job", settings.processingJob());
            return meta;
        }

        private long writeRows(ParquetRowWriter writer) throws IOException {
            CsvScanner sc = file.scanner;
            int columns = schema.size();
            int fields = mapping.length;
            RowBuffer row = new RowBuffer(columns);
            ValueConverter[] converters = new ValueConverter[columns];
            for (int i = 0; i < columns; i++) {
                converters[i] = ValueConverter.forColumn(schema.column(i));
            }
            byte[] scratch = new byte[4096];
            long written = 0;
            long nextProgress = Progress.STEP;
            while (file.nextRecord()) {
                rowsRead++;
                if (sc.fieldCount() != fields) {
                    reject("", "expected " + fields + " fields, found " + sc.fieldCount());
                    continue;
                }
                int bad = sc.invalidUtf8Field();
                if (bad >= 0) {
                    reject(
                            columnName(bad),
                            "the value is not valid " + file.dialect.charset().name() + " text");
                    continue;
                }
                byte[] buf = sc.buffer();
                int scratchPos = 0;
                String error = null;
                int errorColumn = -1;
                for (int f = 0; f < fields; f++) {
                    int col = mapping[f];
                    if (col < 0) {
                        continue;
                    }
                    byte[] b = buf;
                    int s = sc.start(f);
                    int e = sc.end(f);
                    if (sc.needsCopy(f)) {
                        int need = scratchPos + (e - s);
                        if (need > scratch.length) {
                            scratch = new byte[Math.max(need, scratch.length * 2)];
                            scratchPos = 0;
                        }
                        b = scratch;
                        s = scratchPos;
                        e = s + sc.copyValue(f, scratch, s);
                        scratchPos = e;
                    }
                    if (nulls.isNull(b, s, e)) {
                        row.present[col] = false;
                        continue;
                    }
                    error = converters[col].convert(b, s, e, row, col);
                    if (error != null) {
                        errorColumn = col;
                        break;
                    }
                    row.present[col] = true;
                }
                if (error != null) {
                    reject(schema.column(errorColumn).name(), error);
                    continue;
                }
                writer.write(row);
                written++;
                if (sc.position() >= nextProgress) {
                    settings.progress().progress("write", sc.position(), file.size);
                    nextProgress = sc.position() + Progress.STEP;
                }
            }
            return written;
        }

        private String columnName(int field) {
            int col = field < mapping.length ? mapping[field] : -1;
            return col >= 0 ? schema.column(col).name() : "";
        }

        private void reject(String column, String reason) throws IOException {
            long line = file.scanner.line();
            if (settings.onError() == OnError.FAIL) {
                throw new ConversionException(where(csv, line) + (column.isEmpty() ? "" : column + ": ") + reason);
            }
            rowsRejected++;
            if (samples.size() < ConversionReport.MAX_SAMPLES) {
                samples.add(new RejectedRow(line, column, reason));
            }
            if (settings.rejects().isPresent()) {
                if (rejects == null) {
                    rejects = new RejectsWriter(settings.rejects().get());
                }
                rejects.write(line, column, reason, file.scanner.rawRecord());
            }
        }

        private void checkRejectRatio() {
            if (rowsRead == 0 || rowsRejected == 0) {
                return;
            }
            double ratio = (double) rowsRejected / rowsRead;
            if (ratio > settings.maxRejectRatio()) {
                RejectedRow first = samples.get(0);
                throw new ConversionException(String.format(
                        java.util.Locale.ROOT,
                        "%s: %d of %d rows rejected (%.1f%%), more than the allowed %.1f%%; first at line %d: %s",
                        csv,
                        rowsRejected,
                        rowsRead,
                        ratio * 100,
                        settings.maxRejectRatio() * 100,
                        first.line(),
                        first.reason()));
            }
        }

        private static void move(Path temp, Path target) throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
