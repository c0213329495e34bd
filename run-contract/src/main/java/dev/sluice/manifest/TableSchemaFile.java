package dev.sluice.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A table's schema where no Data Catalog keeps it (embedded mode), at {@link
 * OutputLayout#tableSchema(String, String)}: what the Glue Data Catalog holds of a Sluice table, the
 * columns with their catalog types, the partition keys and, per partition, the columns it was
 * registered with.
 *
 * @param partitions by ingest date
 */
public record TableSchemaFile(
        String table,
        String location,
        List<Column> columns,
        List<String> partitionKeys,
        Map<String, Partition> partitions) {

    /** One column; {@code comment} is {@code ""} when there is none. */
    public record Column(String name, String type, String comment) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            comment = comment == null ? "" : comment;
        }
    }

    public record Partition(String location, List<Column> columns) {
        public Partition {
            Objects.requireNonNull(location, "location");
            columns = List.copyOf(columns);
        }
    }

    public TableSchemaFile {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(location, "location");
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        partitions = Map.copyOf(partitions);
    }

    public byte[] toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("table", table);
        root.put("location", location);
        root.put("columns", columnsJson(columns));
        root.put("partitionKeys", partitionKeys);
        Map<String, Object> parts = new TreeMap<>();
        partitions.forEach((date, p) -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("location", p.location());
            part.put("columns", columnsJson(p.columns()));
            parts.put(date, part);
        });
        root.put("partitions", parts);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming {@code source} and the field at fault */
    public static TableSchemaFile fromJson(byte[] json, String source) {
        try {
            Fields root = Fields.of(Json.parse(new String(json, StandardCharsets.UTF_8)), "");
            Map<String, Partition> partitions = new LinkedHashMap<>();
            Fields parts = root.object("partitions").orElse(Fields.of(Map.of(), "partitions"));
            for (Object date : parts.map().keySet()) {
                Fields p = parts.object(date.toString()).orElseThrow();
                partitions.put(date.toString(), new Partition(required(p, "location"), columns(p)));
            }
            return new TableSchemaFile(
                    required(root, "table"),
                    required(root, "location"),
                    columns(root),
                    root.texts("partitionKeys"),
                    partitions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table schema " + source + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> columnsJson(List<Column> columns) {
        List<Object> list = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type());
            m.put("comment", c.comment().isEmpty() ? null : c.comment());
            list.add(m);
        }
        return list;
    }

    private static List<Column> columns(Fields owner) {
        List<Column> result = new ArrayList<>();
        for (int i = 0; i < owner.list("columns").size(); i++) {
            Fields c = owner.element("columns", i);
            result.add(new Column(required(c, "name"), required(c, "type"), c.text("comment")));
        }
        return result;
    }

    private static String required(Fields f, String field) {
        String value = f.text(field);
        if (value == null) {
            throw new IllegalArgumentException(f.path(field) + " is missing");
        }
        return value;
    }
}
