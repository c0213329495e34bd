package dev.sluice.processor;

import dev.sluice.processor.internal.Json;
import java.util.List;
import java.util.Objects;

/** What a file would become, found without writing anything. */
public record Inspection(String sourceUri, Dialect dialect, long rows, long rowsRejected, List<ColumnProfile> columns) {

    public Inspection {
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(dialect, "dialect");
        columns = List.copyOf(columns);
    }

    public Schema schema() {
        return new Schema(columns.stream().map(ColumnProfile::column).toList());
    }

    public String toJson() {
        return Json.inspection(this);
    }
}
