package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.RangeResult;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.convert.RejectSink;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.parquet.BatchWriter;
import dev.sluice.processor.internal.parquet.ParquetRowWriter;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ranges of one file planned once and converted apart, each into its own Parquet file, for
 * {@code RangePlan}: what {@link RangedPass} does inside one process, for callers that spread the
 * ranges over processes (a Spark job, one task per range).
 */
public final class RangeConversions {

    private RangeConversions() {}

    /** Everything each range of a file is converted with, found once for all of them. */
    public record Plan(
            Path csv,
            Settings settings,
            Dialect dialect,
            List<String> header,
            Schema schema,
            int[] mapping,
            Set<String> plainColumns,
            long[] starts,
            long size,
            long processedAtMillis,
            String source) {

        public long start(int k) {
            return starts[k];
        }

        public long end(int k) {
            return k + 1 < starts.length ? starts[k + 1] : size;
        }

        public int ranges() {
            return starts.length;
        }
    }

    /**
     * Plans the ranges of {@code csv}: its dialect, its exact schema (the given one, else every
     * value of the file typed: one reading on this thread), and where ranges of about {@code
     * rangeBytes} start. A file that cannot be cut is one range.
     */
    public static Plan plan(Path csv, Settings settings, long rangeBytes) {
        NullTokens nulls = new NullTokens(settings.nullTokens());
        try {
            Dialect dialect;
            List<String> header;
            Schema schema;
            Set<String> plain;
            int[] mapping;
            if (settings.schema().isPresent()) {
                try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                    dialect = file.dialect;
                    header = file.header;
                }
                schema = settings.schema().get();
                // as a conversion with a given schema: no dictionary choice from a sample
                plain = Set.of();
                mapping = FileConversion.mapping(csv, header, schema);
            } else {
                Sample sample = Sample.of(csv, settings, nulls);
                dialect = sample.dialect();
                header = sample.header();
                plain = sample.plainColumns();
                schema = sample.wholeFile() ? sample.schema() : wholeFileSchema(csv, settings, dialect, nulls);
                mapping = FileConversion.identity(schema.size());
            }
            long size = Files.size(csv);
            long[] starts =
                    RangedPass.starts(csv, settings, dialect, rangeBytes).orElse(new long[] {0});
            long at = settings.processedAt()
                    .orElseGet(Instant::now)
                    .truncatedTo(ChronoUnit.MILLIS)
                    .toEpochMilli();
            String source = settings.sourceUri().orElse(csv.toUri().toString());
            return new Plan(csv, settings, dialect, header, schema, mapping, plain, starts, size, at, source);
        } catch (MalformedCsvException e) {
            throw new ConversionException(Engine.where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    /** The schema of every value, as a one-thread conversion ends with (confirmed or widened). */
    private static Schema wholeFileSchema(Path csv, Settings settings, Dialect dialect, NullTokens nulls)
            throws IOException {
        try (CsvFile file = CsvFile.open(csv, settings, Optional.of(dialect), nulls)) {
            return SchemaInference.of(file, nulls, settings).schema();
        }
    }

    /**
     * Converts range {@code k} into {@code parquet} (written beside it, moved into place when the
     * range was read through). A failure is returned in the result, not thrown: it counts only if
     * the range turns out to start a record.
     */
    public static RangeResult convert(Plan plan, int k, Path parquet) {
        Settings settings = plan.settings();
        NullTokens nulls = new NullTokens(settings.nullTokens());
        Path target = parquet.toAbsolutePath();
        Path temp = FileConversion.tempBeside(target);
        long offset = k == 0 ? (plan.dialect().bom() ? 3 : 0) : plan.start(k);
        CsvFile file = null;
        try {
            FileConversion.createParent(target);
            file = RangedPass.open(
                    plan.csv(),
                    settings.forOnePart(settings.progress()),
                    plan.dialect(),
                    plan.header(),
                    nulls,
                    plan.starts(),
                    k);
            WritePass pass =
                    new WritePass(plan.csv(), settings, file, plan.schema(), plan.mapping(), nulls, null).part();
            ParquetRowWriter writer = ParquetRowWriter.create(
                    temp,
                    plan.schema(),
                    FileConversion.metadata(plan.schema(), plan.source(), settings.processingJob()),
                    plan.processedAtMillis(),
                    plan.source(),
                    settings.processingJob(),
                    WritePass.options(settings, plan.plainColumns()));
            WritePass.Outcome outcome = pass.write(BatchWriter.direct(writer, plan.schema()), (RejectSink) null);
            FileConversion.move(temp, target);
            return new RangeResult(
                    k,
                    file.firstRecord() < 0 ? -1 : file.firstRecord() + offset,
                    file.firstLine(),
                    file.stoppedAt() < 0 ? -1 : file.stoppedAt() + offset,
                    file.stoppedLine(),
                    outcome.rowsRead(),
                    outcome.rowsWritten(),
                    outcome.rowsRejected(),
                    outcome.samples(),
                    Optional.empty());
        } catch (WritePass.Rejection r) {
            return failed(k, file, offset, r.line, (r.column.isEmpty() ? "" : "column " + r.column + ": ") + r.reason);
        } catch (MalformedCsvException m) {
            return failed(k, file, offset, m.line(), m.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(plan.csv() + ": range " + k + ": " + e.getMessage(), e);
        } finally {
            FileConversion.deleteQuietly(temp);
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    // read only; nothing is lost
                }
            }
        }
    }

    private static RangeResult failed(int k, CsvFile file, long offset, long line, String message) {
        long first = file == null || file.firstRecord() < 0 ? -1 : file.firstRecord() + offset;
        return new RangeResult(
                k,
                first,
                file == null ? 0 : file.firstLine(),
                -1,
                0,
                0,
                0,
                0,
                List.of(),
                Optional.of(new RangeResult.Failure(line, message)));
    }
}
