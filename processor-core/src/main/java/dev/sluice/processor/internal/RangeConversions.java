package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.RangeResult;
import dev.sluice.processor.Schema;
import dev.sluice.processor.TypeEvidence;
import dev.sluice.processor.internal.convert.RejectsSpool;
import dev.sluice.processor.internal.convert.RejectsWriter;
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
            String source,
            boolean inferring,
            String uncut) {

        public long start(int k) {
            return starts[k];
        }

        public long end(int k) {
            return k + 1 < starts.length ? starts[k + 1] : size;
        }

        public int ranges() {
            return starts.length;
        }

        /** The same file cut at {@code starts}. */
        public Plan withStarts(long[] starts) {
            return with(schema, mapping, plainColumns, starts, inferring);
        }

        Plan with(Schema schema, int[] mapping, Set<String> plainColumns, long[] starts, boolean inferring) {
            return new Plan(
                    csv,
                    settings,
                    dialect,
                    header,
                    schema,
                    mapping,
                    plainColumns,
                    starts,
                    size,
                    processedAtMillis,
                    source,
                    inferring,
                    uncut);
        }
    }

    /**
     * Plans the ranges of {@code csv}: its dialect, its schema (the given one, else the first
     * records' when they are not the whole file, to be confirmed by every value the ranges type:
     * {@code inferring}), and where ranges of about {@code rangeBytes} start. A file that cannot
     * be cut is one range. Only the file's first records and the bytes at each cut are read.
     */
    public static Plan plan(Path csv, Settings settings, long rangeBytes) {
        return plan(csv, csv, settings, rangeBytes);
    }

    /**
     * As {@link #plan(Path, Settings, long)}, the first records read from {@code head}: the start
     * of the file, or all of it. {@code csv} needs to hold only those bytes and the bytes at each
     * cut (a sparse copy of a file not downloaded whole).
     */
    public static Plan plan(Path head, Path csv, Settings settings, long rangeBytes) {
        NullTokens nulls = new NullTokens(settings.nullTokens());
        try {
            Dialect dialect;
            List<String> header;
            Schema schema;
            Set<String> plain;
            int[] mapping;
            boolean inferring;
            if (settings.schema().isPresent()) {
                try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                    dialect = file.dialect;
                    header = file.header;
                }
                schema = settings.schema().get();
                // as a conversion with a given schema: no dictionary choice from a sample
                plain = Set.of();
                mapping = FileConversion.mapping(csv, header, schema);
                inferring = false;
            } else {
                Sample sample = Sample.of(head, settings, nulls);
                if (sample.wholeFile() && Files.size(head) < Files.size(csv)) {
                    throw new IllegalArgumentException(head + " holds fewer than the records a sample takes");
                }
                dialect = sample.dialect();
                header = sample.header();
                plain = sample.plainColumns();
                schema = sample.schema();
                mapping = FileConversion.identity(schema.size());
                inferring = !sample.wholeFile();
            }
            long size = Files.size(csv);
            RangedPass.Cuts cuts = RangedPass.cuts(csv, settings, dialect, rangeBytes);
            long at = settings.processedAt()
                    .orElseGet(Instant::now)
                    .truncatedTo(ChronoUnit.MILLIS)
                    .toEpochMilli();
            String source = settings.sourceUri().orElse(csv.toUri().toString());
            return new Plan(
                    csv,
                    settings,
                    dialect,
                    header,
                    schema,
                    mapping,
                    plain,
                    cuts.starts(),
                    size,
                    at,
                    source,
                    inferring,
                    cuts.uncut());
        } catch (MalformedCsvException e) {
            throw new ConversionException(Engine.where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    /** The same plan written with {@code schema}, the one every value of the file was found to have. */
    public static Plan withSchema(Plan p, Schema schema) {
        return p.with(schema, FileConversion.identity(schema.size()), p.plainColumns(), p.starts(), false);
    }

    /**
     * The same cuts written with a batch's schema, as a conversion given that schema writes the
     * file: columns matched by name, no dictionary choice from a sample, nothing inferred.
     */
    public static Plan withGivenSchema(Plan p, Schema schema) {
        return p.with(schema, FileConversion.mapping(p.csv(), p.header(), schema), Set.of(), p.starts(), false);
    }

    /** The schema of every value the ranges saw, their evidence merged in file order. */
    public static Schema schemaOf(List<TypeEvidence> inFileOrder) {
        SchemaInference merged = null;
        for (TypeEvidence evidence : inFileOrder) {
            SchemaInference one = SchemaInference.fromBytes(evidence.bytes());
            if (merged == null) {
                merged = one;
            } else {
                merged.merge(one);
            }
        }
        if (merged == null) {
            throw new IllegalArgumentException("no evidence to type the file with");
        }
        return merged.schema();
    }

    /** Places each kept range's spooled rejected rows, at {@code base} plus their line, into {@code rejects}. */
    public static void writeRejects(List<Path> spools, long[] bases, Path rejects) {
        try (RejectsWriter out = new RejectsWriter(rejects)) {
            for (int k = 0; k < spools.size(); k++) {
                if (spools.get(k) != null && Files.exists(spools.get(k))) {
                    RejectsSpool.replay(spools.get(k), out, bases[k]);
                }
            }
        } catch (IOException e) {
            throw new ConversionException(rejects + ": the rejected rows cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Converts range {@code k} into {@code parquet} (written beside it, moved into place when the
     * range was read through), its rejected rows into {@code spool} (when not null) to be placed
     * at their lines later. A failure is returned in the result, not thrown: it counts only if
     * the range turns out to start a record.
     */
    public static RangeResult convert(Plan plan, int k, Path parquet, Path spool) {
        Settings settings = plan.settings();
        NullTokens nulls = new NullTokens(settings.nullTokens());
        Path target = parquet.toAbsolutePath();
        Path temp = FileConversion.tempBeside(target);
        long offset = k == 0 ? (plan.dialect().bom() ? 3 : 0) : plan.start(k);
        CsvFile file = null;
        RejectsSpool rejects = null;
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
            SchemaInference inference = plan.inferring() ? new SchemaInference(plan.header()) : null;
            WritePass pass =
                    new WritePass(plan.csv(), settings, file, plan.schema(), plan.mapping(), nulls, inference).part();
            ParquetRowWriter writer = ParquetRowWriter.create(
                    temp,
                    plan.schema(),
                    FileConversion.metadata(plan.schema(), plan.source(), settings.processingJob()),
                    plan.processedAtMillis(),
                    plan.source(),
                    settings.processingJob(),
                    WritePass.options(settings, plan.plainColumns()));
            if (spool != null) {
                rejects = new RejectsSpool(spool);
            }
            WritePass.Outcome outcome = pass.write(BatchWriter.direct(writer, plan.schema()), rejects);
            rejects = null; // closed by the pass, kept for the caller
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
                    Optional.empty(),
                    pass.wrote(),
                    Optional.ofNullable(inference).map(i -> new TypeEvidence(i.toBytes())));
        } catch (WritePass.Rejection r) {
            return failed(k, file, offset, r.line, (r.column.isEmpty() ? "" : "column " + r.column + ": ") + r.reason);
        } catch (MalformedCsvException m) {
            return failed(k, file, offset, m.line(), m.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(plan.csv() + ": range " + k + ": " + e.getMessage(), e);
        } finally {
            if (rejects != null) {
                rejects.discard();
            }
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
                Optional.of(new RangeResult.Failure(line, message)),
                false,
                Optional.empty());
    }
}
