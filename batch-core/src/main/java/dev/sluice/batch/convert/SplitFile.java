package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.RangePlan;
import dev.sluice.processor.RangeResult;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One large file of a run converted as byte ranges, each range a task of its own (processor-core's
 * {@link RangePlan}). The driver plans once, reading the file whole for its exact schema; each
 * {@link Range} task rebuilds the plan from the file and that schema (a plan is not Serializable),
 * converts its range into a Parquet file of its own named by the range's number (so a retried
 * attempt overwrites rather than duplicates) and returns what it did; the driver then proves the
 * cuts ({@link #combine}). A cut not proven means the file is converted whole, as before.
 */
public final class SplitFile {

    private final FileTask file;
    private final RangePlan plan;
    private final long rangeSize;

    private SplitFile(FileTask file, RangePlan plan, long rangeSize) {
        this.file = file;
        this.plan = plan;
        this.rangeSize = rangeSize;
    }

    /**
     * Plans {@code file} as ranges of about {@code rangeSize} bytes; empty when it is one range
     * (compressed, transcoded, small or without a cut found), which is converted as one task.
     */
    public static Optional<SplitFile> plan(FileTask file, long rangeSize) {
        try (WorkDir dir = WorkDir.create("sluice-plan-")) {
            Path csv = dir.resolve(csvName(file));
            file.fetch(csv);
            RangePlan plan = conversion(file, Optional.empty()).planRanges(csv, rangeSize);
            return plan.ranges().size() < 2 ? Optional.empty() : Optional.of(new SplitFile(file, plan, rangeSize));
        }
    }

    public FileTask file() {
        return file;
    }

    public String schemaJson() {
        return plan.schema().toJson();
    }

    /** One task per range, each writing its Parquet under {@code prefix}. */
    public List<Range> ranges(ObjectLocation prefix) {
        List<Range> ranges = new ArrayList<>();
        for (RangePlan.ByteRange r : plan.ranges()) {
            ranges.add(new Range(
                    file,
                    schemaJson(),
                    rangeSize,
                    r.index(),
                    r.start(),
                    r.end(),
                    prefix.resolve("file-" + file.index() + "-range-" + r.index() + ".parquet")));
        }
        return List.copyOf(ranges);
    }

    /** The ranges' results as one conversion of the file, or empty when a cut is not proven. */
    public Optional<RangePlan.Combined> combine(List<RangeOutcome> outcomes) {
        return plan.combine(outcomes.stream().map(RangeOutcome::result).toList());
    }

    private static String csvName(FileTask file) {
        String name = ObjectLocation.parse(file.uri()).fileName();
        return name.isBlank() ? "input.csv" : name;
    }

    private static CsvConversion conversion(FileTask file, Optional<Schema> schema) {
        CsvConversion.Builder builder = CsvConversion.builder()
                .sourceUri(file.uri())
                .processingJob(file.processingJob())
                .processedAt(Instant.ofEpochMilli(file.processedAtMillis()))
                .threads(1);
        return schema.map(builder::schema).orElse(builder).build();
    }

    /**
     * The task of one range: it travels to wherever it runs.
     *
     * @param parquet where the range's Parquet file goes
     */
    public record Range(
            FileTask file, String schemaJson, long rangeSize, int index, long start, long end, ObjectLocation parquet)
            implements Serializable {

        public Range {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(schemaJson, "schemaJson");
            Objects.requireNonNull(parquet, "parquet");
        }

        /**
         * Converts the range. The plan is rebuilt from the file and the schema the driver found, and
         * must cut the file where the driver's did.
         */
        public RangeOutcome convert() {
            try (WorkDir dir = WorkDir.create("sluice-range-")) {
                Path csv = dir.resolve(csvName(file));
                // the whole object for now: the plan's cuts and offsets are of the whole file
                file.fetch(csv);
                RangePlan plan = conversion(file, Optional.of(Schema.fromJson(schemaJson)))
                        .planRanges(csv, rangeSize);
                RangePlan.ByteRange mine =
                        plan.ranges().size() > index ? plan.ranges().get(index) : null;
                if (mine == null || mine.start() != start || mine.end() != end) {
                    throw new IllegalStateException(file.uri() + ": range " + index + " [" + start + ", " + end
                            + ") is not where this task's plan cuts the file (" + plan.ranges() + ")");
                }
                Path local = dir.resolve("range.parquet");
                RangeResult result = plan.convert(index, local);
                String uri = "";
                if (result.failure().isEmpty() && java.nio.file.Files.exists(local)) {
                    file.stores().forLocation(parquet).upload(local, parquet);
                    uri = parquet.uri();
                }
                return RangeOutcome.of(result, uri);
            }
        }
    }

    /** A {@link RangeResult} that travels back to the driver, and the range's Parquet (or empty). */
    public record RangeOutcome(
            int index,
            long firstRecord,
            long firstLine,
            long stoppedAt,
            long stoppedLine,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            List<Reject> rejects,
            String failureMessage,
            long failureLine,
            String parquet)
            implements Serializable {

        public RangeOutcome {
            rejects = List.copyOf(rejects);
        }

        /** A rejected row, as {@link RejectedRow} but Serializable. */
        public record Reject(long line, String column, String reason) implements Serializable {}

        static RangeOutcome of(RangeResult r, String parquet) {
            return new RangeOutcome(
                    r.index(),
                    r.firstRecord(),
                    r.firstLine(),
                    r.stoppedAt(),
                    r.stoppedLine(),
                    r.rowsRead(),
                    r.rowsWritten(),
                    r.rowsRejected(),
                    r.rejectSamples().stream()
                            .map(x -> new Reject(x.line(), x.column(), x.reason()))
                            .toList(),
                    r.failure().map(RangeResult.Failure::message).orElse(null),
                    r.failure().map(RangeResult.Failure::line).orElse(0L),
                    parquet);
        }

        RangeResult result() {
            return new RangeResult(
                    index,
                    firstRecord,
                    firstLine,
                    stoppedAt,
                    stoppedLine,
                    rowsRead,
                    rowsWritten,
                    rowsRejected,
                    rejects.stream()
                            .map(x -> new RejectedRow(x.line(), x.column(), x.reason()))
                            .toList(),
                    failureMessage == null
                            ? Optional.empty()
                            : Optional.of(new RangeResult.Failure(failureLine, failureMessage)));
        }
    }
}
