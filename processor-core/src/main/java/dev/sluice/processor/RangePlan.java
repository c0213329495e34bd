package dev.sluice.processor;

import dev.sluice.processor.internal.RangeConversions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * <p>Only UTF-8 files read as they are stored (not compressed, not transcoded) with LF or CRLF
 * line ends are cut; any other file is planned as one range. Instances are immutable and
 * thread-safe; {@link #convert} may run for several ranges at once.
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

    /** The schema every range is written with: the whole file's. */
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

    /** The same file and schema as one range: always proven. */
    public RangePlan whole() {
        RangeConversions.Plan p = plan;
        return new RangePlan(new RangeConversions.Plan(
                p.csv(),
                p.settings(),
                p.dialect(),
                p.header(),
                p.schema(),
                p.mapping(),
                p.plainColumns(),
                new long[] {0},
                p.size(),
                p.processedAtMillis(),
                p.source()));
    }

    /**
     * Converts range {@code index} into {@code parquet}, which appears only when the range was read
     * through. A row that cannot be converted is rejected or fails the range as the conversion's
     * {@link OnError} says; the failure is in the result, to count once the range is proven.
     *
     * @throws ConversionException when the file cannot be read or the Parquet file written
     */
    public RangeResult convert(int index, Path parquet) {
        Objects.checkIndex(index, plan.ranges());
        Objects.requireNonNull(parquet, "parquet");
        return RangeConversions.convert(plan, index, parquet);
    }

    /** The ranges' results as one conversion of the file: counts, and rejected rows at their lines. */
    public record Combined(long rowsRead, long rowsWritten, long rowsRejected, List<RejectedRow> rejectSamples) {
        public Combined {
            rejectSamples = List.copyOf(rejectSamples);
        }
    }

    /**
     * Proves the cuts with the results of all ranges (in any order): each range must start exactly
     * where the range before it stopped. Empty when a cut is not proven (convert {@link #whole()}
     * instead).
     *
     * @throws ConversionException when a proven range failed: the message names its line in the
     *     whole file
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
        List<RejectedRow> samples = new ArrayList<>();
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
            for (RejectedRow row : r.rejectSamples()) {
                if (samples.size() < ConversionReport.MAX_SAMPLES) {
                    samples.add(new RejectedRow(base + row.line(), row.column(), row.reason()));
                }
            }
        }
        return Optional.of(new Combined(read, written, rejected, samples));
    }
}
