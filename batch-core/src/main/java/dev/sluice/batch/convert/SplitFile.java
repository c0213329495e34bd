package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.RangePlan;
import dev.sluice.processor.RangeResult;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.TypeEvidence;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One large file of a run converted as byte ranges, each range a task of its own (processor-core's
 * {@link RangePlan}). The driver plans from the file's first records and the bytes at each cut,
 * never the whole file; each {@link Range} task copies only its bytes (and the record that crosses
 * its end), rebuilds the plan from its {@link RangePlan.Spec}, converts its range into a Parquet
 * file of its own named by the range's number (so that a retried attempt overwrites rather than
 * duplicates) and returns what it did and what its values showed of their types. The driver then
 * settles the file ({@link #settle}): every cut proven and the first records' schema confirmed by
 * every value, the ranges' files are the file's; the schema not confirmed, every range is
 * converted again with the schema of all values; a cut not proven (it fell inside a quoted field),
 * the cut moves to where the range before it stopped and only the ranges whose start moved go
 * again ({@link RangePlan#realign}); a cut still not proven after a few such passes, the file is
 * converted whole, as one task, as before.
 */
public final class SplitFile {

    /** The start of the file copied for the sample; more when its records are long. */
    private static final long HEAD_BYTES = 32L << 20;
    /** Bytes copied at each cut to find the line feed after it: a longer line is not cut there. */
    private static final long CUT_WINDOW = 1L << 20;
    /** Bytes past a range's end copied at first for the record that crosses it; more if needed. */
    private static final long FIRST_SLACK = 1L << 20;

    /** Passes that move unproven cuts before the file is converted whole instead. */
    private static final int REALIGNMENTS = 4;

    private final FileTask file;
    private final RangePlan plan;
    /** Results of ranges that still hold after cuts were moved: only the others go again. */
    private final Map<Integer, RangeOutcome> kept;

    private final int realigned;

    private SplitFile(FileTask file, RangePlan plan, Map<Integer, RangeOutcome> kept, int realigned) {
        this.file = file;
        this.plan = plan;
        this.kept = Map.copyOf(kept);
        this.realigned = realigned;
    }

    private SplitFile(FileTask file, RangePlan plan) {
        this(file, plan, Map.of(), 0);
    }

    /** A file's ranges, or why it is one range ({@code uncut}), which is converted as one task. */
    public record Planned(Optional<SplitFile> ranges, String uncut) {}

    /** Plans {@code file} as ranges of about {@code rangeSize} bytes. */
    public static Planned plan(FileTask file, long rangeSize) {
        try (WorkDir dir = WorkDir.create("sluice-plan-")) {
            Path sparse = dir.resolve(csvName(file));
            long size = file.version().size();
            long headBytes = Math.min(size, HEAD_BYTES);
            while (true) {
                Path head = dir.resolve("head-" + headBytes + ".csv");
                file.fetchRange(0, headBytes, head);
                Files.deleteIfExists(sparse);
                Files.copy(head, sparse);
                for (long cut = rangeSize; cut < size; cut += rangeSize) {
                    if (cut >= headBytes) {
                        file.fetchRange(cut, Math.min(size, cut + CUT_WINDOW), sparse);
                    }
                }
                // the holes between the windows read as zeros; no cut is looked for in them
                try (FileChannel out = FileChannel.open(sparse, StandardOpenOption.WRITE)) {
                    if (out.size() < size) {
                        out.write(java.nio.ByteBuffer.allocate(1), size - 1);
                    }
                }
                try {
                    RangePlan plan = conversion(file).planRanges(head, sparse, rangeSize);
                    return plan.ranges().size() < 2
                            ? new Planned(Optional.empty(), plan.uncut().orElse("it is one range"))
                            : new Planned(Optional.of(new SplitFile(file, plan)), "");
                } catch (IllegalArgumentException headTooShort) {
                    if (headBytes >= size) {
                        throw headTooShort;
                    }
                    headBytes = Math.min(size, headBytes * 8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.uri() + ": cannot plan its ranges: " + e.getMessage(), e);
        }
    }

    public FileTask file() {
        return file;
    }

    /**
     * One task per range still to convert, each writing its Parquet (and rejected rows) where the
     * file is staged.
     */
    public List<Range> ranges() {
        List<Range> ranges = new ArrayList<>();
        RangePlan.Spec spec = plan.spec();
        for (RangePlan.ByteRange r : plan.ranges()) {
            if (kept.containsKey(r.index())) {
                continue;
            }
            ranges.add(new Range(
                    file,
                    spec,
                    r.index(),
                    r.start(),
                    r.end(),
                    file.staged().resolve("range-" + r.index() + ".parquet"),
                    file.staged().resolve("range-" + r.index() + ".rejects")));
        }
        return List.copyOf(ranges);
    }

    /**
     * This file's proven cuts, to be converted again with the batch's schema (its own differs), as
     * {@link FileTask#convertFinal} converts a file as one task.
     */
    public SplitFile withBatchSchema(String schemaJson) {
        return new SplitFile(file, plan.withBatchSchema(Schema.fromJson(schemaJson)));
    }

    /** What the ranges' results make of the file: see {@link Settled}. */
    public Settled settle(List<RangeOutcome> outcomes) {
        Map<Integer, RangeOutcome> all = new TreeMap<>(kept);
        outcomes.forEach(o -> all.put(o.index(), o));
        List<RangeOutcome> inOrder = List.copyOf(all.values());
        Optional<String> gone = inOrder.stream()
                .map(RangeOutcome::unavailable)
                .filter(m -> !m.isEmpty())
                .findFirst();
        if (gone.isPresent()) {
            return Settled.whole("converted whole to report that it cannot be read: " + gone.get());
        }
        Optional<RangePlan.Combined> combined;
        try {
            combined = plan.combine(inOrder.stream().map(RangeOutcome::result).toList());
        } catch (ConversionException e) {
            // a failed range or too many rejected rows: the one-task conversion says it as it does
            return Settled.whole("converted whole to report its failure: "
                    + e.getMessage().replace(plan.csv().toString(), file.uri()));
        }
        if (combined.isEmpty()) {
            Optional<RangePlan> moved = realigned < REALIGNMENTS
                    ? plan.realign(inOrder.stream().map(RangeOutcome::result).toList())
                    : Optional.empty();
            if (moved.isEmpty()) {
                return Settled.whole("converted whole: a cut could not be proven to start a record");
            }
            Map<Integer, RangeOutcome> holding = new TreeMap<>();
            for (RangeOutcome o : inOrder) {
                if (moved.get().ranges().get(o.index()).start()
                        == plan.ranges().get(o.index()).start()) {
                    holding.put(o.index(), o);
                }
            }
            return new Settled(
                    Optional.empty(), Optional.of(new SplitFile(file, moved.get(), holding, realigned + 1)), "");
        }
        RangePlan.Combined c = combined.get();
        if (!c.confirmed()) {
            return new Settled(Optional.empty(), Optional.of(new SplitFile(file, plan.withSchema(c.schema()))), "");
        }
        return new Settled(Optional.of(outcome(inOrder, c)), Optional.empty(), "");
    }

    private FileOutcome outcome(List<RangeOutcome> inOrder, RangePlan.Combined c) {
        String rejects = c.rowsRejected() > 0 ? writeRejects(inOrder, c) : "";
        List<FileOutcome.Part> parts = inOrder.stream()
                .filter(r -> !r.parquet().isEmpty())
                .map(r -> new FileOutcome.Part(r.parquet(), r.rowsWritten()))
                .toList();
        long size = file.version().size();
        return new FileOutcome(
                file.index(),
                file.fileId(),
                file.uri(),
                c.rowsRead(),
                c.rowsWritten(),
                c.rowsRejected(),
                size,
                "",
                size,
                inOrder.stream().mapToLong(RangeOutcome::bytesWritten).sum(),
                parts.isEmpty() ? "" : parts.get(0).uri(),
                rejects,
                0,
                inOrder.stream().mapToLong(RangeOutcome::millis).sum(),
                c.schema().toJson(),
                "",
                parts,
                "");
    }

    /** The ranges' rejected rows, each at its line in the file, as the file's one rejects file. */
    private String writeRejects(List<RangeOutcome> inOrder, RangePlan.Combined c) {
        try (WorkDir dir = WorkDir.create("sluice-rejects-")) {
            List<Path> spools = new ArrayList<>();
            for (RangeOutcome r : inOrder) {
                if (r.rejects().isEmpty()) {
                    spools.add(null);
                    continue;
                }
                Path spool = dir.resolve("range-" + r.index() + ".rejects");
                ObjectLocation at = ObjectLocation.parse(r.rejects());
                file.stores().forLocation(at).download(at, spool);
                spools.add(spool);
            }
            Path rejects = dir.resolve("rejects.csv");
            plan.writeRejects(c, spools, rejects);
            ObjectLocation target = file.staged().resolve("rejects.csv");
            file.stores().forLocation(target).upload(rejects, target);
            return target.uri();
        }
    }

    /**
     * What became of a split file after a pass over its ranges: its outcome (every cut proven and
     * the schema confirmed), or the same cuts to convert again with the schema of all values, or
     * neither: the file is to be converted whole, for the reason given.
     */
    public record Settled(Optional<FileOutcome> outcome, Optional<SplitFile> again, String whole) {
        static Settled whole(String reason) {
            return new Settled(Optional.empty(), Optional.empty(), reason);
        }
    }

    private static String csvName(FileTask file) {
        String name = ObjectLocation.parse(file.uri()).fileName();
        return name.isBlank() ? "input.csv" : name;
    }

    private static CsvConversion conversion(FileTask file) {
        return CsvConversion.builder()
                .sourceUri(file.uri())
                .processingJob(file.processingJob())
                .processedAt(Instant.ofEpochMilli(file.processedAtMillis()))
                .threads(1)
                .build();
    }

    /**
     * The task of one range: it travels to wherever it runs.
     *
     * @param parquet where the range's Parquet file goes
     * @param rejects where the range's rejected rows wait for the driver to place them
     */
    public record Range(
            FileTask file,
            RangePlan.Spec spec,
            int index,
            long start,
            long end,
            ObjectLocation parquet,
            ObjectLocation rejects)
            implements Serializable {

        public Range {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(parquet, "parquet");
            Objects.requireNonNull(rejects, "rejects");
        }

        public long size() {
            return end - start;
        }

        /**
         * Converts the range from a copy of only its bytes (at their place in a sparse file) and
         * the record that crosses its end: when that record runs past what was copied, the bytes
         * after it are copied too and the range converted again.
         */
        public RangeOutcome convert() {
            long started = System.nanoTime();
            long size = file.version().size();
            long slack = FIRST_SLACK;
            try (WorkDir dir = WorkDir.create("sluice-range-")) {
                Path csv = dir.resolve(csvName(file));
                long copied = start;
                while (true) {
                    long until = Math.min(size, end + slack);
                    file.fetchRange(copied, until, csv);
                    copied = until;
                    Path local = dir.resolve("range.parquet");
                    Path spool = dir.resolve("range.rejects");
                    RangeResult result = conversion(file).rangePlan(csv, spec).convert(index, local, spool);
                    boolean cutShort = until < size && result.stoppedAt() < 0;
                    if (cutShort && slack < 2L * CsvConversion.DEFAULT_MAX_RECORD_BYTES) {
                        slack *= 16;
                        Files.deleteIfExists(local);
                        Files.deleteIfExists(spool);
                        continue;
                    }
                    String parquetUri = "";
                    long bytes = 0;
                    if (result.failure().isEmpty() && Files.exists(local)) {
                        bytes = Files.size(local);
                        file.stores().forLocation(parquet).upload(local, parquet);
                        parquetUri = parquet.uri();
                    }
                    String rejectsUri = "";
                    if (result.rowsRejected() > 0 && Files.exists(spool)) {
                        file.stores().forLocation(rejects).upload(spool, rejects);
                        rejectsUri = rejects.uri();
                    }
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    return RangeOutcome.of(result, parquetUri, rejectsUri, bytes, millis);
                }
            } catch (ObjectUnavailableException e) {
                // the file fails alone, as its one-task conversion reports it
                return RangeOutcome.unavailable(index, e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(file.uri() + ": range " + index + ": " + e.getMessage(), e);
            }
        }
    }

    /** A {@link RangeResult} that travels back to the driver, with the range's files (or empty). */
    public record RangeOutcome(
            int index,
            long firstRecord,
            long firstLine,
            long stoppedAt,
            long stoppedLine,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            List<Reject> samples,
            String failureMessage,
            long failureLine,
            boolean complete,
            TypeEvidence evidence,
            String parquet,
            String rejects,
            long bytesWritten,
            long millis,
            String unavailable)
            implements Serializable {

        public RangeOutcome {
            samples = List.copyOf(samples);
            Objects.requireNonNull(unavailable, "unavailable");
        }

        /** The range could not be read: the bytes that arrived are gone or changed, as the message says. */
        static RangeOutcome unavailable(int index, String message) {
            return new RangeOutcome(
                    index, -1, 0, -1, 0, 0, 0, 0, List.of(), message, 0, false, null, "", "", 0, 0, message);
        }

        /** A rejected row, as {@link RejectedRow} but Serializable. */
        public record Reject(long line, String column, String reason) implements Serializable {}

        static RangeOutcome of(RangeResult r, String parquet, String rejects, long bytesWritten, long millis) {
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
                    r.complete(),
                    r.evidence().orElse(null),
                    parquet,
                    rejects,
                    bytesWritten,
                    millis,
                    "");
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
                    samples.stream()
                            .map(x -> new RejectedRow(x.line(), x.column(), x.reason()))
                            .toList(),
                    failureMessage == null
                            ? Optional.empty()
                            : Optional.of(new RangeResult.Failure(failureLine, failureMessage)),
                    complete,
                    Optional.ofNullable(evidence));
        }
    }
}
