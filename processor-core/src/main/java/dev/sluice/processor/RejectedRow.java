package dev.sluice.processor;

import java.util.Objects;

/**
 * A row a conversion kept out of the Parquet file. {@code column} is the final column name, or
 * empty when the row as a whole is at fault (wrong field count, undecodable text).
 */
public record RejectedRow(long line, String column, String reason) {

    public RejectedRow {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }
}
