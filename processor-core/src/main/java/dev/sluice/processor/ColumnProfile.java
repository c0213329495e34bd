package dev.sluice.processor;

import java.util.Objects;
import java.util.Optional;

/** What {@link CsvConversion#inspect} found about one column. */
public record ColumnProfile(Column column, long nullCount, Optional<String> example) {

    public ColumnProfile {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(example, "example");
    }

    public String originalName() {
        return column.originalName();
    }

    public String name() {
        return column.name();
    }

    public ColumnType type() {
        return column.type();
    }
}
