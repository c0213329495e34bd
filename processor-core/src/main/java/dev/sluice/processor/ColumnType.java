package dev.sluice.processor;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a column as Athena and the Glue Data Catalog see it. {@code precision} and {@code
 * scale} matter for DECIMAL; for TIMESTAMP {@code precision} is the number of fractional second
 * digits stored: 3 (milliseconds) or 6 (microseconds).
 */
public record ColumnType(Kind kind, int precision, int scale) {

    /** Precision of the widest DECIMAL Athena reads. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
    public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
    public static final ColumnType TIMESTAMP_MILLIS = new ColumnType(Kind.TIMESTAMP, 3, 0);
    public static final ColumnType TIMESTAMP_MICROS = new ColumnType(Kind.TIMESTAMP, 6, 0);
    public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);

    private static final Pattern PARSE =
            Pattern.compile("\\s*([A-Za-z]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

    public enum Kind {
        BOOLEAN,
        INT,
        BIGINT,
        DECIMAL,
        DOUBLE,
        DATE,
        TIMESTAMP,
        STRING
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale + ") is not a valid decimal");
            }
        } else if (kind == Kind.TIMESTAMP) {
            if (precision != 3 && precision != 6) {
                throw new IllegalArgumentException("TIMESTAMP precision must be 3 or 6, not " + precision);
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " takes no precision");
        }
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    /**
     * Reads the form {@link #toString()} writes, and Athena's lower-case names: {@code int},
     * {@code decimal(10,2)}, {@code timestamp}, {@code timestamp(6)}, {@code varchar}...
     */
    public static ColumnType parse(String text) {
        Matcher m = PARSE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a column type: '" + text + "'");
        }
        String name = m.group(1).toUpperCase(Locale.ROOT);
        Integer p = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        int s = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        switch (name) {
            case "BOOLEAN":
            case "BOOL":
                return BOOLEAN;
            case "INT":
            case "INTEGER":
            case "INT32":
                return INT;
            case "BIGINT":
            case "LONG":
            case "INT64":
                return BIGINT;
            case "DECIMAL":
            case "NUMERIC":
                return decimal(p == null ? MAX_DECIMAL_PRECISION : p, s);
            case "DOUBLE":
            case "FLOAT8":
                return DOUBLE;
            case "DATE":
                return DATE;
            case "TIMESTAMP":
                return p == null || p <= 3 ? TIMESTAMP_MILLIS : TIMESTAMP_MICROS;
            case "STRING":
            case "VARCHAR":
            case "TEXT":
                return STRING;
            default:
                throw new IllegalArgumentException("not a column type: '" + text + "'");
        }
    }

    /** The type in the Glue Data Catalog / Athena DDL: {@code decimal(10,2)}, {@code timestamp}... */
    public String athenaType() {
        switch (kind) {
            case DECIMAL:
                return "decimal(" + precision + "," + scale + ")";
            case INT:
                return "int";
            default:
                return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case DECIMAL:
                return "DECIMAL(" + precision + "," + scale + ")";
            case TIMESTAMP:
                return "TIMESTAMP(" + precision + ")";
            default:
                return kind.name();
        }
    }
}
