package dev.sluice.processor;

import dev.sluice.processor.internal.Json;
import java.util.List;
import java.util.Objects;

/** The columns of a conversion's output, in file order (without the metadata columns). */
public record Schema(List<Column> columns) {

    /** The metadata columns Sluice appends to every row. */
    public static final List<String> METADATA_COLUMNS = List.of("processed_at", "source_file", "processing_job");

    public Schema {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    }

    public static Schema of(Column... columns) {
        return new Schema(List.of(columns));
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** JSON array of {@code {"original": ..., "name": ..., "type": ..., "dateFormat": ...}}. */
    public String toJson() {
        StringBuilder out = new StringBuilder();
        Json.writeSchema(out, this);
        return out.toString();
    }

    /** Reads what {@link #toJson()} writes. */
    public static Schema fromJson(String json) {
        return Json.readSchema(json);
    }
}
