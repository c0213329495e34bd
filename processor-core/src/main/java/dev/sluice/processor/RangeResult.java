package dev.sluice.processor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What converting one range of a {@link RangePlan} did. Offsets are of the file; lines, of the
 * rejected rows and of a failure, count from the range's first line ({@code firstLine} is 1, or
 * the line after the header, for every range but the first, whose lines are the file's):
 * {@link RangePlan#combine} places them in the whole file once the ranges are proven.
 *
 * @param firstRecord where the range's first record starts, or -1 when it has none
 * @param stoppedAt where the record the range stopped before starts (the next range's first, when
 *     the cut was a record boundary), or -1 when it read to the end of the file
 * @param failure why the range could not be converted (its Parquet file was not written); it
 *     fails the file only if the range is proven to start a record
 * @param complete every record of the range was written with the plan's schema (false when a
 *     value did not fit the schema the plan assumed: the range must be converted again)
 * @param evidence what the range's values showed of their types, when the plan assumed a schema
 *     from the file's first records
 */
public record RangeResult(
        int index,
        long firstRecord,
        long firstLine,
        long stoppedAt,
        long stoppedLine,
        long rowsRead,
        long rowsWritten,
        long rowsRejected,
        List<RejectedRow> rejectSamples,
        Optional<Failure> failure,
        boolean complete,
        Optional<TypeEvidence> evidence) {

    public RangeResult {
        rejectSamples = List.copyOf(rejectSamples);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** A failure at a line of the range (0 when no line is known). */
    public record Failure(long line, String message) {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }
}
