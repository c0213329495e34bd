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
        Optional<Failure> failure) {

    public RangeResult {
        rejectSamples = List.copyOf(rejectSamples);
        Objects.requireNonNull(failure, "failure");
    }

    /** A failure at a line of the range (0 when no line is known). */
    public record Failure(long line, String message) {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }
}
