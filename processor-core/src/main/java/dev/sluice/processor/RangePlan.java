package dev.sluice.processor;

import dev.sluice.processor.internal.RangeConversions;
import dev.sluice.processor.internal.Settings;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One CSV file cut into byte ranges that can be converted apart, each into its own Parquet file
 * with the file's schema, for a caller that spreads them over tasks (a Spark job, one range per
 * task); made by {@link CsvConversion#planRanges}. The union of the ranges' files holds the rows a
 * one-thread conversion of the file writes, with the same schema, metadata and statistics.
 *
 * <p>A range is cut just after a line feed, which is a record boundary unless it lies inside a
 * quoted field; which it is cannot be told from the bytes around it. So each range is converted
 * speculatively, as if it started a record, and its {@link RangeResult} says where its first
 * record started and where it stopped; {@link #combine} proves each cut by the range before it
 * (the first range starts at the file's start, which is proven). When a cut is not proven the
 * ranges' files must be thrown away and the file converted as one range ({@link #whole()}).
 *
 * <p>Without a given schema the plan assumes the one of the file's first records, as a one-thread
 * conversion does, and each range types every value it reads; {@link #combine} merges what they
 * saw. When the whole file does not confirm the assumption, every range is converted again with
 * the schema of all values ({@link #withSchema}).
 *
 * <p>Only UTF-8 files read as they are stored (not compressed, not transcoded) with LF or CRLF
 * line ends are cut; any other file is planned as one range. Instances are immutable and
 * thread-safe; {@link #convert} may run for several ranges at once. A task elsewhere rebuilds the
 * plan from its {@link #spec()} ({@link CsvConversion#rangePlan}) and needs of the file only the
 * bytes of its range and of the record that crosses its end.
 */
public final class RangePlan {

    private final RangeConversions.Plan plan;

    RangePlan(RangeConversions.Plan plan) {
        this.plan = plan;
    }

    /** One range: bytes {@code [start, end)} of the file. */
    public record ByteRange(int index, long start, long end) {}

    public Path csv() {
        return plan.csv();
    }

    public Dialect dialect() {
        return plan.dialect();
    }

    /** The schema every range is written with: the given one, else the first records' until proven. */
    public Schema schema() {
        return plan.schema();
    }

    public List<ByteRange> ranges() {
        List<ByteRange> ranges = new ArrayList<>(plan.ranges());
        for (int k = 0; k < plan.ranges(); k++) {
            ranges.add(new ByteRange(k, plan.start(k), plan.end(k)));
        }
        return List.copyOf(ranges);
    }

    /**
     * Why the file is one range, when it was planned as one: compressed, another charset, CR line
     * ends, no larger than a range, or no line feed near a cut.
     */
    public Optional<String> uncut() {
        return plan.ranges() > 1 || plan.uncut().isEmpty() ? Optional.empty() : Optional.of(plan.uncut());
    }

    /** The same file and schema as one range: always proven. */
    public RangePlan whole() {
        return new RangePlan(plan.withStarts(new long[] {0}));
    }

    /** The same cuts, written with {@code schema}: what {@link Combined#schema()} says when not confirmed. */
    public RangePlan withSchema(Schema schema) {
        return new RangePlan(RangeConversions.withSchema(plan, Objects.requireNonNull(schema, "schema")));
    }

    /**
     * After {@link #combine} found a cut not proven: the plan with each cut the range before it does
     * not stop at moved to where that range stopped (the start of the record that holds the cut,
     * when that range started in the right state), so that only the ranges whose start moved need
     * converting again; the others' results still hold. Whether the moved cuts are right is proven
     * by the next {@link #combine}. Empty when no cut can be moved: a range before a cut stopped
     * outside the range after it (a record longer than a range); convert the file {@link #whole()}.
     */
    public Optional<RangePlan> realign(List<RangeResult> results) {
        RangeResult[] byIndex = new RangeResult[plan.ranges()];
        results.forEach(r -> byIndex[r.index()] = r);
        long[] starts = plan.starts().clone();
        boolean moved = false;
        for (int k = 1; k < byIndex.length; k++) {
            RangeResult before = byIndex[k - 1];
            RangeResult r = byIndex[k];
            if (before == null || r == null) {
                return Optional.empty();
            }
            long stop = before.stoppedAt();
            boolean chained = stop < 0 ? r.firstRecord() < 0 : r.firstRecord() == stop;
            if (!chained && stop > starts[k] && stop < plan.end(k)) {
                starts[k] = stop;
                moved = true;
            }
        }
        if (!moved) {
            return Optional.empty();
        }
        return Optional.of(new RangePlan(plan.withStarts(starts)));
    }

    /**
     * The same (proven) cuts written with a batch's schema, exactly as {@code
     * builder().schema(batch)} converts the file as one task: its columns matched by name.
     */
    public RangePlan withBatchSchema(Schema batch) {
        return new RangePlan(RangeConversions.withGivenSchema(plan, Objects.requireNonNull(batch, "batch")));
    }

    /** Everything but the file and the conversion's settings, for a task to rebuild this plan. */
    public Spec spec() {
        Dialect d = plan.dialect();
        return new Spec(
                d.delimiter(),
                d.quote(),
                d.escape(),
                d.header(),
                d.charset().name(),
                d.bom(),
                d.lineEnding(),
                plan.header(),
                plan.schema().toJson(),
                plan.mapping(),
                List.copyOf(plan.plainColumns()),
                plan.starts(),
                plan.size(),
                plan.processedAtMillis(),
                plan.source(),
                plan.inferring());
    }

    /** A plan's parts that travel: see {@link #spec()}. */
    public record Spec(
            char delimiter,
            char quote,
            EscapeStyle escape,
            boolean hasHeader,
            String charset,
            boolean bom,
            String lineEnding,
            List<String> header,
            String schemaJson,
            int[] mapping,
            List<String> plainColumns,
            long[] starts,
            long size,
            long processedAtMillis,
            String source,
            boolean inferring)
            implements Serializable {

        public Spec {
            header = List.copyOf(header);
            plainColumns = List.copyOf(plainColumns);
            mapping = mapping.clone();
            starts = starts.clone();
        }

        RangeConversions.Plan toPlan(Path csv, Settings settings) {
            Dialect dialect =
                    new Dialect(delimiter, quote, escape, hasHeader, Charset.forName(charset), bom, lineEnding);
            return new RangeConversions.Plan(
                    csv,
                    settings,
                    dialect,
                    header,
                    Schema.fromJson(schemaJson),
                    mapping.clone(),
                    Set.copyOf(plainColumns),
                    starts.clone(),
                    size,
                    processedAtMillis,
                    source,
                    inferring,
                    "");
        }
    }

    /**
     * Converts range {@code index} into {@code parquet}, which appears only when the range was read
     * through. A row that cannot be converted is rejected or fails the range as the conversion's
     * {@link OnError} says; the failure is in the result, to count once the range is proven.
     *
     * @throws ConversionException when the file cannot be read or the Parquet file written
     */
    public RangeResult convert(int index, Path parquet) {
        return convert(index, parquet, null);
    }

    /**
     * As {@link #convert(int, Path)}, and the range's rejected rows go to {@code rejectsSpool}
     * (when rows are rejected), to be placed at their lines in the file by {@link #writeRejects}.
     */
    public RangeResult convert(int index, Path parquet, Path rejectsSpool) {
        Objects.checkIndex(index, plan.ranges());
        Objects.requireNonNull(parquet, "parquet");
        return RangeConversions.convert(plan, index, parquet, rejectsSpool);
    }

    /**
     * The ranges' results as one conversion of the file: counts, rejected rows at their lines, and
     * the schema of every value. When {@code confirmed} is false, the ranges were written with
     * another schema and must be converted again with {@code schema} ({@link #withSchema}); the
     * counts are then not yet the file's.
     */
    public record Combined(
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            List<RejectedRow> rejectSamples,
            Schema schema,
            boolean confirmed,
            long[] bases) {
        public Combined {
            rejectSamples = List.copyOf(rejectSamples);
            Objects.requireNonNull(schema, "schema");
            bases = bases.clone();
        }

        /** The line of the file before each range's first line: a range's line plus this is the file's. */
        @Override
        public long[] bases() {
            return bases.clone();
        }
    }

    /**
     * Proves the cuts with the results of all ranges (in any order): each range must start exactly
     * where the range before it stopped. Empty when a cut is not proven (convert {@link #whole()}
     * instead).
     *
     * @throws ConversionException when a proven range failed, or the file has more rejected rows
     *     than the conversion allows: the message names the line in the whole file
     */
    public Optional<Combined> combine(List<RangeResult> results) {
        RangeResult[] byIndex = new RangeResult[plan.ranges()];
        for (RangeResult r : results) {
            if (r.index() < 0 || r.index() >= byIndex.length || byIndex[r.index()] != null) {
                throw new IllegalArgumentException("range " + r.index() + " is not one of the " + byIndex.length
                        + " ranges of " + plan.csv() + ", or has two results");
            }
            byIndex[r.index()] = r;
        }
        long read = 0;
        long written = 0;
        long rejected = 0;
        boolean complete = true;
        List<RejectedRow> samples = new ArrayList<>();
        List<TypeEvidence> evidence = new ArrayList<>();
        long[] bases = new long[byIndex.length];
        long offsetOfNext = 0;
        long lineOfNext = 0;
        for (int k = 0; k < byIndex.length; k++) {
            RangeResult r = byIndex[k];
            if (r == null) {
                throw new IllegalArgumentException("no result for range " + k + " of " + plan.csv());
            }
            long base;
            if (k == 0) {
                base = 0;
            } else if (offsetOfNext < 0 ? r.firstRecord() < 0 : r.firstRecord() == offsetOfNext) {
                base = lineOfNext - r.firstLine();
            } else {
                return Optional.empty();
            }
            bases[k] = base;
            if (r.failure().isPresent()) {
                RangeResult.Failure f = r.failure().get();
                String at = f.line() > 0 ? plan.csv() + ": line " + (base + f.line()) + ": " : plan.csv() + ": ";
                throw new ConversionException(at + f.message());
            }
            if (k > 0 && r.firstRecord() < 0) {
                // nothing after the range before: the rest must be empty too
                offsetOfNext = -1;
            } else {
                offsetOfNext = r.stoppedAt();
                lineOfNext = base + r.stoppedLine();
            }
            read += r.rowsRead();
            written += r.rowsWritten();
            rejected += r.rowsRejected();
            complete &= r.complete();
            r.evidence().ifPresent(evidence::add);
            for (RejectedRow row : r.rejectSamples()) {
                if (samples.size() < ConversionReport.MAX_SAMPLES) {
                    samples.add(new RejectedRow(base + row.line(), row.column(), row.reason()));
                }
            }
        }
        Schema schema = plan.inferring() && !evidence.isEmpty() ? RangeConversions.schemaOf(evidence) : plan.schema();
        boolean confirmed = complete && schema.equals(plan.schema());
        if (confirmed) {
            checkRejectRatio(read, rejected, samples);
        }
        return Optional.of(new Combined(read, written, rejected, samples, schema, confirmed, bases));
    }

    /**
     * Writes the rejected rows of a confirmed {@link Combined} into {@code rejects}, each at its
     * line in the file: {@code spools} are the ranges' spools in range order (null or absent for a
     * range without rejected rows). The spools are deleted.
     */
    public void writeRejects(Combined combined, List<Path> spools, Path rejects) {
        if (spools.size() != plan.ranges()) {
            throw new IllegalArgumentException(
                    plan.ranges() + " ranges of " + plan.csv() + " but " + spools.size() + " spools");
        }
        RangeConversions.writeRejects(spools, combined.bases(), rejects);
    }

    private void checkRejectRatio(long read, long rejected, List<RejectedRow> samples) {
        double allowed = plan.settings().maxRejectRatio();
        if (read == 0 || rejected == 0 || (double) rejected / read <= allowed) {
            return;
        }
        RejectedRow first = samples.get(0);
        throw new ConversionException(String.format(
                Locale.ROOT,
                "%s: %d of %d rows rejected (%.1f%%), more than the allowed %.1f%%; the first at line %d: %s",
                plan.csv(),
                rejected,
                read,
                (double) rejected / read * 100,
                allowed * 100,
                first.line(),
                first.reason()));
    }
}
