package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.OnError;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.convert.RejectSink;
import dev.sluice.processor.internal.convert.RejectsWriter;
import dev.sluice.processor.internal.convert.ValueConverter;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.infer.ColumnInference;
import dev.sluice.processor.internal.parquet.BatchWriter;
import dev.sluice.processor.internal.parquet.ParquetRowWriter;
import dev.sluice.processor.internal.parquet.RowBatch;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reading of a CSV file into a (temporary) Parquet file with a given schema.
 *
 * <p>When {@code inference} is given, the schema is only an assumption taken from the file's
 * first records: every value is also shown to the inference, and the pass reports at the end
 * whether the whole file confirms the schema. A value that does not fit the assumed schema is not
 * rejected; writing stops there (the rest is only read for inference) and the caller writes the
 * file again with the schema of all values. So the result is always that of a full typing pass
 * followed by a writing pass, at the cost of one pass when the first records tell the truth.
 */
final class WritePass {

    private final Path csv;
    private final Settings settings;
    private final CsvFile file;
    private final Schema schema;
    private final int[] mapping;
    private final NullTokens nulls;
    private final SchemaInference inference;
    private final List<RejectedRow> samples = new ArrayList<>();
    private RejectSink rejects;
    private long rowsRead;
    private long rowsRejected;
    private long rowsWritten;
    private boolean writing = true;
    private boolean part;

    WritePass(
            Path csv,
            Settings settings,
            CsvFile file,
            Schema schema,
            int[] mapping,
            NullTokens nulls,
            SchemaInference inference) {
        this.csv = csv;
        this.settings = settings;
        this.file = file;
        this.schema = schema;
        this.mapping = mapping;
        this.nulls = nulls;
        this.inference = inference;
    }

    /** What the pass did. {@code confirmed} is false when the file needs another pass. */
    record Outcome(
            boolean confirmed,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            List<RejectedRow> samples,
            SchemaInference inference) {}

    Outcome run(
            Path temp,
            Path rejectsTemp,
            Map<String, String> metadata,
            long processedAtMillis,
            String source,
            Set<String> plainColumns)
            throws IOException {
        ParquetRowWriter parquet = ParquetRowWriter.create(
                temp,
                schema,
                metadata,
                processedAtMillis,
                source,
                settings.processingJob(),
                options(settings, plainColumns));
        BatchWriter out = settings.threads() > 1
                ? BatchWriter.pipelined(parquet, schema, temp.getFileName().toString())
                : BatchWriter.direct(parquet, schema);
        return write(out, rejectsTemp);
    }

    static ParquetRowWriter.Options options(Settings settings, Set<String> plainColumns) {
        return new ParquetRowWriter.Options(
                settings.compression(),
                settings.rowGroupBytes(),
                settings.pageBytes(),
                settings.pageBytes(),
                plainColumns);
    }

    /**
     * Reads the file (or its part) into {@code out}. For a part of a file, lines count from the
     * part's start, and a row that fails the conversion is thrown as a {@link Rejection} for the
     * caller to place.
     */
    Outcome write(BatchWriter out, Path rejectsTemp) throws IOException {
        return write(out, rejectsTemp == null ? null : new RejectsWriter(rejectsTemp));
    }

    /** Reads the file (or its part) into {@code out}, its rejected rows into {@code sink} (closed at the end). */
    Outcome write(BatchWriter out, RejectSink sink) throws IOException {
        rejects = sink;
        boolean finished = false;
        try {
            RowBatch batch = readRows(out);
            if (writing) {
                out.finish(batch);
            } else {
                out.abort();
            }
            finished = true;
        } finally {
            if (!finished) {
                out.abort();
            }
            if (rejects != null) {
                rejects.close();
            }
        }
        boolean confirmed = writing && (inference == null || inference.schema().equals(schema));
        return new Outcome(confirmed, rowsRead, rowsWritten, rowsRejected, samples, inference);
    }

    /** False when writing stopped at a value the assumed schema does not fit. */
    boolean wrote() {
        return writing;
    }

    /** Reads a part of a file: its lines are not known yet, so failures name them relatively. */
    WritePass part() {
        part = true;
        return this;
    }

    /** A row that stops the conversion ({@code --on-error fail}), at a line of a part of the file. */
    static final class Rejection extends RuntimeException {
        final long line;
        final String column;
        final String reason;

        Rejection(long line, String column, String reason) {
            super(reason, null, false, false);
            this.line = line;
            this.column = column;
            this.reason = reason;
        }
    }

    private RowBatch readRows(BatchWriter out) throws IOException {
        CsvScanner sc = file.scanner;
        int fields = mapping.length;
        ValueConverter[] converters = new ValueConverter[schema.size()];
        for (int i = 0; i < converters.length; i++) {
            converters[i] = ValueConverter.forColumn(schema.column(i));
        }
        ColumnInference[] observers = new ColumnInference[fields];
        if (inference != null) {
            for (int f = 0; f < fields; f++) {
                observers[f] = inference.column(f);
            }
        }
        byte[] scratch = new byte[4096];
        RowBatch batch = out.first();
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
                    if (e - s > scratch.length) {
                        scratch = new byte[Math.max(e - s, scratch.length * 2)];
                    }
                    b = scratch;
                    s = 0;
                    e = sc.copyValue(f, scratch, 0);
                }
                if (nulls.isNull(b, s, e)) {
                    if (inference != null) {
                        observers[f].acceptNull();
                    }
                    if (writing) {
                        batch.setNull(col);
                    }
                    continue;
                }
                if (writing && error == null) {
                    error = converters[col].convert(b, s, e, batch, col, observers[f]);
                    if (error != null) {
                        errorColumn = col;
                    }
                } else if (inference != null) {
                    observers[f].accept(b, s, e);
                }
            }
            if (writing) {
                if (error == null) {
                    batch.commitRow();
                    rowsWritten++;
                    if (batch.isFull()) {
                        batch = out.submit(batch);
                    }
                } else {
                    batch.rollbackRow();
                    if (inference != null) {
                        // the assumed schema is wrong: keep reading only to learn the right one
                        writing = false;
                    } else {
                        reject(schema.column(errorColumn).name(), error);
                    }
                }
            }
            if (file.position() >= nextProgress) {
                settings.progress().progress(writing ? "write" : "infer", file.position(), file.size);
                nextProgress = file.position() + Progress.STEP;
            }
        }
        return batch;
    }

    private String columnName(int field) {
        int col = field < mapping.length ? mapping[field] : -1;
        return col >= 0 ? schema.column(col).name() : "";
    }

    private void reject(String column, String reason) throws IOException {
        long line = file.scanner.line();
        if (settings.onError() == OnError.FAIL) {
            if (part) {
                throw new Rejection(line, column, reason);
            }
            throw new ConversionException(
                    Engine.where(csv, line) + (column.isEmpty() ? "" : "column " + column + ": ") + reason);
        }
        rowsRejected++;
        if (samples.size() < ConversionReport.MAX_SAMPLES) {
            samples.add(new RejectedRow(line, column, reason));
        }
        if (rejects != null) {
            rejects.write(line, column, reason, file.scanner.rawRecord());
        }
    }
}
