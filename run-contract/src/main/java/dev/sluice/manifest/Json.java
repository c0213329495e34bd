package dev.sluice.manifest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The codec of the run contract: JSON values as {@code Map} (in key order), {@code List},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}. Hand-written, so
 * that both sides share it whichever Jackson they carry (the control plane 3, Spark 2).
 */
final class Json {

    /** JSON text written as it is, for documents another codec made (processor-core's schema). */
    record Raw(String json) {}

    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, 0);
        return out.append('\n').toString();
    }

    /** @throws IllegalArgumentException saying where the text stops being JSON */
    static Object parse(String text) {
        Parser p = new Parser(text);
        p.space();
        Object value = p.value();
        p.space();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the document");
        }
        return value;
    }

    private static void write(StringBuilder o, Object v, int depth) {
        if (v == null) {
            o.append("null");
        } else if (v instanceof Raw raw) {
            o.append(raw.json().strip());
        } else if (v instanceof String s) {
            string(o, s);
        } else if (v instanceof Double d) {
            o.append(
                    d.isNaN() || d.isInfinite() ? "null" : BigDecimal.valueOf(d).toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            o.append(v);
        } else if (v instanceof Optional<?> opt) {
            write(o, opt.orElse(null), depth);
        } else if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                o.append("{}");
                return;
            }
            o.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                o.append(first ? "\n" : ",\n");
                first = false;
                indent(o, depth + 1);
                string(o, e.getKey().toString());
                o.append(": ");
                write(o, e.getValue(), depth + 1);
            }
            o.append('\n');
            indent(o, depth);
            o.append('}');
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                o.append("[]");
                return;
            }
            o.append('[');
            boolean first = true;
            for (Object item : list) {
                o.append(first ? "\n" : ",\n");
                first = false;
                indent(o, depth + 1);
                write(o, item, depth + 1);
            }
            o.append('\n');
            indent(o, depth);
            o.append(']');
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + v.getClass().getName());
        }
    }

    private static void indent(StringBuilder o, int depth) {
        o.append("  ".repeat(depth));
    }

    private static void string(StringBuilder o, String s) {
        o.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> o.append("\\\"");
                case '\\' -> o.append("\\\\");
                case '\n' -> o.append("\\n");
                case '\r' -> o.append("\\r");
                case '\t' -> o.append("\\t");
                default -> {
                    if (c < 0x20) {
                        o.append(String.format("\\u%04x", (int) c));
                    } else {
                        o.append(c);
                    }
                }
            }
        }
        o.append('"');
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object value() {
            if (pos >= s.length()) {
                throw error("the document ends where a value should be");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected '" + c + "'");
                }
            };
        }

        private Map<String, Object> object() {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (peek('}')) {
                pos++;
                return map;
            }
            while (true) {
                space();
                if (!peek('"')) {
                    throw error("expected a field name");
                }
                String key = string();
                space();
                expect(':');
                space();
                map.put(key, value());
                space();
                if (peek(',')) {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            pos++;
            List<Object> list = new ArrayList<>();
            space();
            if (peek(']')) {
                pos++;
                return list;
            }
            while (true) {
                space();
                list.add(value());
                space();
                if (peek(',')) {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("a string is not closed");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("a string is not closed");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("a \\u escape is cut short");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("a \\u escape is not hexadecimal");
                        }
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = pos;
            if (peek('-')) {
                pos++;
            }
            boolean integral = true;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    pos++;
                } else {
                    break;
                }
            }
            String text = s.substring(start, pos);
            try {
                return integral ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("'" + text + "' is not a number");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            pos += word.length();
            return value;
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(pos, s.length()); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new IllegalArgumentException("line " + line + ", column " + column + ": " + what);
        }
    }
}
