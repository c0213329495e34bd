package dev.sluice.processor.internal;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnProfile;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.DateOrder;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The few JSON documents processor-core writes and reads (reports, schemas). Hand-written so that
 * the library drags no JSON binding into the applications that embed it.
 */
public final class Json {

    private Json() {}

    public static String report(ConversionReport r) {
        StringBuilder o = new StringBuilder(512);
        o.append("{\n  \"source\": ");
        string(o, r.sourceUri());
        o.append(",\n  \"rowsRead\": ").append(r.rowsRead());
        o.append(",\n  \"rowsWritten\": ").append(r.rowsWritten());
        o.append(",\n  \"rowsRejected\": ").append(r.rowsRejected());
        o.append(",\n  \"bytesRead\": ").append(r.bytesRead());
        o.append(",\n  \"sourceCompression\": ");
        string(o, r.sourceCompression().label());
        o.append(",\n  \"uncompressedBytes\": ").append(r.uncompressedBytes());
        o.append(",\n  \"bytesWritten\": ").append(r.bytesWritten());
        o.append(",\n  \"durationMillis\": ").append(r.duration().toMillis());
        o.append(",\n  \"ranges\": ").append(r.ranges());
        if (!r.oneThread().isEmpty()) {
            o.append(",\n  \"oneThread\": ");
            string(o, r.oneThread());
        }
        o.append(",\n  \"megabytesPerSecond\": ").append(String.format(Locale.ROOT, "%.1f", r.megabytesPerSecond()));
        o.append(",\n  \"compression\": ");
        string(o, r.compression().name());
        o.append(",\n  \"dialect\": ");
        dialect(o, r.dialect());
        o.append(",\n  \"schema\": ");
        writeSchema(o, r.schema());
        o.append(",\n  \"rejectSamples\": [");
        boolean first = true;
        for (RejectedRow row : r.rejectSamples()) {
            o.append(first ? "\n    " : ",\n    ");
            first = false;
            o.append("{\"line\": ").append(row.line()).append(", \"column\": ");
            string(o, row.column());
            o.append(", \"reason\": ");
            string(o, row.reason());
            o.append('}');
        }
        o.append(first ? "]" : "\n  ]");
        o.append("\n}\n");
        return o.toString();
    }

    public static String inspection(Inspection in) {
        StringBuilder o = new StringBuilder(512);
        o.append("{\n  \"source\": ");
        string(o, in.sourceUri());
        o.append(",\n  \"rows\": ").append(in.rows());
        o.append(",\n  \"rowsRejected\": ").append(in.rowsRejected());
        o.append(",\n  \"dialect\": ");
        dialect(o, in.dialect());
        o.append(",\n  \"columns\": [");
        boolean first = true;
        for (ColumnProfile c : in.columns()) {
            o.append(first ? "\n    " : ",\n    ");
            first = false;
            column(o, c.column());
            o.setLength(o.length() - 1);
            o.append(", \"nullCount\": ").append(c.nullCount()).append(", \"example\": ");
            if (c.example().isPresent()) {
                string(o, c.example().get());
            } else {
                o.append("null");
            }
            o.append('}');
        }
        o.append(first ? "]" : "\n  ]");
        o.append("\n}\n");
        return o.toString();
    }

    private static void dialect(StringBuilder o, Dialect d) {
        o.append("{\"delimiter\": ");
        string(o, String.valueOf(d.delimiter()));
        o.append(", \"quote\": ");
        string(o, String.valueOf(d.quote()));
        o.append(", \"escape\": ");
        string(o, d.escape().name());
        o.append(", \"header\": ").append(d.header());
        o.append(", \"charset\": ");
        string(o, d.charset().name());
        o.append(", \"bom\": ").append(d.bom());
        o.append(", \"lineEnding\": ");
        string(o, d.lineEnding());
        o.append('}');
    }

    public static void writeSchema(StringBuilder o, Schema schema) {
        o.append('[');
        boolean first = true;
        for (Column c : schema.columns()) {
            o.append(first ? "\n    " : ",\n    ");
            first = false;
            column(o, c);
        }
        o.append(first ? "]" : "\n  ]");
    }

    private static void column(StringBuilder o, Column c) {
        o.append("{\"original\": ");
        string(o, c.originalName());
        o.append(", \"name\": ");
        string(o, c.name());
        o.append(", \"type\": ");
        string(o, c.type().toString());
        o.append(", \"athenaType\": ");
        string(o, c.type().athenaType());
        if (c.dateOrder() != DateOrder.NONE) {
            o.append(", \"dateFormat\": ");
            string(o, c.dateOrder().pattern());
        }
        o.append('}');
    }

    public static void string(StringBuilder o, String s) {
        o.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    o.append("\\\"");
                    break;
                case '\\':
                    o.append("\\\\");
                    break;
                case '\n':
                    o.append("\\n");
                    break;
                case '\r':
                    o.append("\\r");
                    break;
                case '\t':
                    o.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        o.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        o.append(c);
                    }
            }
        }
        o.append('"');
    }

    /** Reads any JSON value: maps, lists, strings, doubles, booleans and null. */
    public static Object parse(String json) {
        return new Parser(json).document();
    }

    /** Reads a schema written by {@link #writeSchema}; {@code athenaType} is ignored. */
    public static Schema readSchema(String json) {
        Object value = new Parser(json).document();
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("a schema is a JSON array of columns");
        }
        List<Column> columns = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("a column is a JSON object");
            }
            String name = text(map, "name", null);
            String original = text(map, "original", name);
            ColumnType type = ColumnType.parse(text(map, "type", null));
            String format = text(map, "dateFormat", "");
            DateOrder order = format.isEmpty()
                    ? DateOrder.NONE
                    : format.equals(DateOrder.DAY_FIRST.pattern()) ? DateOrder.DAY_FIRST : DateOrder.MONTH_FIRST;
            columns.add(new Column(original, name, type, order));
        }
        return new Schema(columns);
    }

    private static String text(Map<?, ?> map, String key, String fallback) {
        Object v = map.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("a column needs \"" + key + "\"");
            }
            return fallback;
        }
        return v.toString();
    }

    /** A small recursive-descent JSON reader: objects, arrays, strings, numbers, literals. */
    static final class Parser {
        private final String s;
        private int p;

        Parser(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            skipSpace();
            if (p != s.length()) {
                throw error("unexpected text after the JSON value");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (p >= s.length()) {
                throw error("unexpected end of JSON");
            }
            char c = s.charAt(p);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            p++;
            skipSpace();
            if (peek() == '}') {
                p++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    p++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            p++;
            skipSpace();
            if (peek() == ']') {
                p++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    p++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (p >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(p++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(p++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                        p += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private Object number() {
            int start = p;
            while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
                p++;
            }
            if (start == p) {
                throw error("unexpected character '" + s.charAt(p) + "'");
            }
            return Double.parseDouble(s.substring(start, p));
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, p)) {
                throw error("unexpected text");
            }
            p += word.length();
            return value;
        }

        private char peek() {
            return p < s.length() ? s.charAt(p) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            p++;
        }

        private void skipSpace() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at offset " + p + " of the JSON");
        }
    }
}
