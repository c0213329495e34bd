package dev.sluice.processor;

import java.util.Objects;

/**
 * One column of the output: its name in the CSV header, its Athena-compatible name in Parquet,
 * its type, and for dates how {@code a/b/yyyy} values are read.
 */
public record Column(String originalName, String name, ColumnType type, DateOrder dateOrder) {

    public Column {
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dateOrder, "dateOrder");
    }

    public Column(String originalName, String name, ColumnType type) {
        this(originalName, name, type, DateOrder.NONE);
    }

    /** The same column with another type (for example one widened across files). */
    public Column withType(ColumnType newType) {
        return new Column(originalName, name, newType, dateOrder);
    }
}
