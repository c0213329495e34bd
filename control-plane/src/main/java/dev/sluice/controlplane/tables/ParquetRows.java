package dev.sluice.controlplane.tables;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore.MissingOffsetIndexException;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The first rows of one Parquet file, each value as text the way Athena shows it: decimals in
 * plain notation with their scale ({@code 2.50}), dates {@code 2026-11-25}, timestamps in ISO
 * without a zone ({@code 2026-11-25T10:00:00.000}, UTC as written), booleans {@code true}/{@code
 * false}, and null as null (never the empty string, which is a value).
 *
 * <p>Reads the footer, then of each row group only the columns shown and, where the file has an
 * offset index (Sluice's have), only the pages that hold the rows asked for.
 */
final class ParquetRows {

    /** What was read: the columns shown (of {@code columnsTotal}) and rows of their values. */
    record Read(List<Column> columns, int columnsTotal, List<List<String>> rows, long rowsInFile) {}

    /** A column as Athena names its type: {@code bigint}, {@code decimal(10,2)}, {@code timestamp}. */
    record Column(String name, String type) {}

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private ParquetRows() {}

    static Read read(StoredParquet file, int maxRows, int maxColumns) throws IOException {
        try (ParquetFileReader reader = file.open()) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Type> fields = schema.getFields();
            List<Type> shown = fields.subList(0, Math.min(maxColumns, fields.size()));
            MessageType projection = new MessageType(schema.getName(), shown);
            reader.setRequestedSchema(projection);
            List<List<String>> rows = new ArrayList<>();
            var groups = reader.getRowGroups();
            for (int g = 0; g < groups.size() && rows.size() < maxRows; g++) {
                int wanted = (int) Math.min(groups.get(g).getRowCount(), maxRows - rows.size());
                if (wanted == 0) {
                    continue;
                }
                PageReadStore pages = firstRows(reader, g, wanted);
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(projection)
                        .getRecordReader(pages, new GroupRecordConverter(projection), FilterCompat.NOOP);
                for (int i = 0; i < wanted; i++) {
                    rows.add(values(records.read(), shown));
                }
            }
            List<Column> columns = shown.stream()
                    .map(t -> new Column(t.getName(), athenaType(t)))
                    .toList();
            return new Read(columns, fields.size(), rows, reader.getRecordCount());
        }
    }

    private static PageReadStore firstRows(ParquetFileReader reader, int group, int rows) throws IOException {
        try {
            return reader.readFilteredRowGroup(group, RowRanges.createSingle(rows));
        } catch (MissingOffsetIndexException e) {
            return reader.readRowGroup(group); // a file without offset indexes: the whole row group
        }
    }

    private static List<String> values(Group record, List<Type> fields) {
        List<String> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            values.add(record.getFieldRepetitionCount(i) == 0 ? null : text(record, i, fields.get(i)));
        }
        return values;
    }

    private static String text(Group record, int field, Type type) {
        if (!type.isPrimitive()) {
            return record.getGroup(field, 0).toString();
        }
        PrimitiveType p = type.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            BigInteger unscaled = switch (p.getPrimitiveTypeName()) {
                case INT32 -> BigInteger.valueOf(record.getInteger(field, 0));
                case INT64 -> BigInteger.valueOf(record.getLong(field, 0));
                default -> new BigInteger(record.getBinary(field, 0).getBytes());
            };
            return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return LocalDate.ofEpochDay(record.getInteger(field, 0)).toString();
        }
        if (logical instanceof TimestampLogicalTypeAnnotation ts) {
            return timestamp(record.getLong(field, 0), ts.getUnit());
        }
        return switch (p.getPrimitiveTypeName()) {
            case BOOLEAN -> Boolean.toString(record.getBoolean(field, 0));
            case INT32 -> Integer.toString(record.getInteger(field, 0));
            case INT64 -> Long.toString(record.getLong(field, 0));
            case DOUBLE -> Double.toString(record.getDouble(field, 0));
            case FLOAT -> Float.toString(record.getFloat(field, 0));
            case BINARY, FIXED_LEN_BYTE_ARRAY ->
                logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        ? record.getString(field, 0)
                        : "0x"
                                + java.util.HexFormat.of()
                                        .formatHex(record.getBinary(field, 0).getBytes());
            case INT96 ->
                "0x"
                        + java.util.HexFormat.of()
                                .formatHex(record.getInt96(field, 0).getBytes());
        };
    }

    private static String timestamp(long value, LogicalTypeAnnotation.TimeUnit unit) {
        return switch (unit) {
            case MILLIS ->
                LocalDateTime.ofEpochSecond(
                                Math.floorDiv(value, 1000L),
                                (int) Math.floorMod(value, 1000L) * 1_000_000,
                                ZoneOffset.UTC)
                        .format(MILLIS);
            case MICROS ->
                LocalDateTime.ofEpochSecond(
                                Math.floorDiv(value, 1_000_000L),
                                (int) Math.floorMod(value, 1_000_000L) * 1000,
                                ZoneOffset.UTC)
                        .format(MICROS);
            case NANOS ->
                LocalDateTime.ofEpochSecond(
                                Math.floorDiv(value, 1_000_000_000L),
                                (int) Math.floorMod(value, 1_000_000_000L),
                                ZoneOffset.UTC)
                        .toString();
        };
    }

    static String athenaType(Type type) {
        if (!type.isPrimitive()) {
            return "struct";
        }
        PrimitiveType p = type.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return "date";
        }
        if (logical instanceof TimestampLogicalTypeAnnotation) {
            return "timestamp";
        }
        return switch (p.getPrimitiveTypeName()) {
            case BOOLEAN -> "boolean";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case BINARY, FIXED_LEN_BYTE_ARRAY ->
                logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? "string" : "binary";
            case INT96 -> "timestamp";
        };
    }
}
