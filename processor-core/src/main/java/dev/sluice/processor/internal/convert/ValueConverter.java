package dev.sluice.processor.internal.convert;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.DateOrder;
import dev.sluice.processor.internal.infer.ColumnInference;
import dev.sluice.processor.internal.parquet.ParquetSchemas;
import dev.sluice.processor.internal.parquet.RowBatch;
import dev.sluice.processor.internal.text.NumberSyntax;
import dev.sluice.processor.internal.text.TemporalSyntax;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Turns a field's bytes into its typed slot in a {@link RowBatch}. Returns null on success, or
 * the reason the value does not fit the column (the row is then rejected: values are never
 * rounded, truncated or guessed). One instance per column and thread.
 */
public abstract class ValueConverter {

    private static final long[] POW10 = new long[19];
    private static final double[] DOUBLE_POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < DOUBLE_POW10.length; i++) {
            DOUBLE_POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    /**
     * Converts a non-null value; returns null when it fits, else why not. When {@code observer}
     * is not null the value is also shown to it, sharing this converter's parsing where the
     * observer only waits for one kind of value.
     */
    public abstract String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer);

    public static ValueConverter forColumn(Column column) {
        ColumnType type = column.type();
        return switch (type.kind()) {
            case STRING -> new StringConverter();
            case BOOLEAN -> new BooleanConverter();
            case INT -> new IntegerConverter(Integer.MIN_VALUE, Integer.MAX_VALUE, "INT");
            case BIGINT -> new IntegerConverter(Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
            case DOUBLE -> new DoubleConverter();
            case DECIMAL -> new DecimalConverter(type.precision(), type.scale());
            case DATE -> new DateConverter(column.dateOrder());
            case TIMESTAMP -> new TimestampConverter(column.dateOrder(), type.precision() == 6);
        };
    }

    static String text(byte[] b, int start, int end) {
        int len = Math.min(end - start, 200);
        String s = new String(b, start, len, StandardCharsets.UTF_8);
        return len < end - start ? s + "…" : s;
    }

    static String notA(byte[] b, int start, int end, String type) {
        return "'" + text(b, start, end) + "' is not " + type;
    }

    static final class StringConverter extends ValueConverter {
        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            if (observer != null) {
                observer.accept(b, start, end);
            }
            batch.putBytes(column, b, start, end - start);
            return null;
        }
    }

    static final class BooleanConverter extends ValueConverter {
        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            if (observer != null) {
                observer.accept(b, start, end);
            }
            int len = end - start;
            if (len == 4 && (b[start] | 0x20) == 't' && NumberSyntaxWords.is(b, start, "true")) {
                batch.putLong(column, 1);
                return null;
            }
            if (len == 5 && (b[start] | 0x20) == 'f' && NumberSyntaxWords.is(b, start, "false")) {
                batch.putLong(column, 0);
                return null;
            }
            return notA(b, start, end, "a BOOLEAN (true or false)");
        }
    }

    /** Case-insensitive ASCII word comparison. */
    static final class NumberSyntaxWords {
        static boolean is(byte[] b, int p, String word) {
            for (int i = 0; i < word.length(); i++) {
                if ((b[p + i] | 0x20) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class IntegerConverter extends ValueConverter {
        private final NumberSyntax number = new NumberSyntax();
        private final long min;
        private final long max;
        private final String name;

        IntegerConverter(long min, long max, String name) {
            this.min = min;
            this.max = max;
            this.name = name;
        }

        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            NumberSyntax n = number;
            boolean ok = n.scan(b, start, end);
            observe(observer, ok, n, b, start, end);
            if (!ok || !n.isInteger()) {
                return notA(b, start, end, "an " + name);
            }
            long value;
            if (n.unscaled >= 0) {
                value = n.negative ? -n.unscaled : n.unscaled;
            } else {
                try {
                    value = Long.parseLong(new String(b, start, end - start, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    return "'" + text(b, start, end) + "' is out of the range of " + name;
                }
            }
            if (value < min || value > max) {
                return "'" + text(b, start, end) + "' is out of the range of " + name;
            }
            batch.putLong(column, value);
            return null;
        }
    }

    static void observe(ColumnInference observer, boolean ok, NumberSyntax n, byte[] b, int start, int end) {
        if (observer != null) {
            if (observer.onlyNumeric()) {
                observer.acceptScannedNumber(ok, n, b, start, end);
            } else {
                observer.accept(b, start, end);
            }
        }
    }

    static void observe(ColumnInference observer, boolean ok, TemporalSyntax t, byte[] b, int start, int end) {
        if (observer != null) {
            if (observer.onlyTemporal()) {
                observer.acceptScannedTemporal(ok, t);
            } else {
                observer.accept(b, start, end);
            }
        }
    }

    static final class DoubleConverter extends ValueConverter {
        private final NumberSyntax number = new NumberSyntax();

        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            NumberSyntax n = number;
            boolean ok = n.scan(b, start, end);
            observe(observer, ok, n, b, start, end);
            if (!ok) {
                return notA(b, start, end, "a DOUBLE");
            }
            if (!n.exponent && !n.special && n.unscaled >= 0 && n.unscaled < (1L << 53) && n.scale < 23) {
                // both operands exact, so the quotient is correctly rounded (Clinger's fast path)
                double v = n.unscaled / DOUBLE_POW10[n.scale];
                batch.putDouble(column, n.negative ? -v : v);
                return null;
            }
            if (n.special) {
                byte last = b[end - 1];
                boolean nan = (last | 0x20) == 'n' && end - start == 3 && (b[start] | 0x20) == 'n';
                batch.putDouble(
                        column, nan ? Double.NaN : n.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                return null;
            }
            try {
                batch.putDouble(
                        column, Double.parseDouble(new String(b, start, end - start, StandardCharsets.US_ASCII)));
                return null;
            } catch (NumberFormatException e) {
                return notA(b, start, end, "a DOUBLE");
            }
        }
    }

    static final class DecimalConverter extends ValueConverter {
        private final NumberSyntax number = new NumberSyntax();
        private final int precision;
        private final int scale;
        private final int bytes;
        private final String name;

        DecimalConverter(int precision, int scale) {
            this.precision = precision;
            this.scale = scale;
            this.bytes = precision > 18 ? ParquetSchemas.decimalBytes(precision) : 0;
            this.name = "DECIMAL(" + precision + "," + scale + ")";
        }

        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            NumberSyntax n = number;
            boolean ok = n.scan(b, start, end);
            observe(observer, ok, n, b, start, end);
            if (!ok || n.exponent || n.special) {
                return notA(b, start, end, "a " + name);
            }
            if (n.scale > scale) {
                return "'" + text(b, start, end) + "' has " + n.scale + " decimal places; " + name + " keeps " + scale
                        + " and values are never rounded";
            }
            if (n.intDigits > precision - scale) {
                return "'" + text(b, start, end) + "' is too large for " + name;
            }
            if (precision <= 18 && n.unscaled >= 0) {
                long v = n.unscaled * POW10[scale - n.scale];
                batch.putLong(column, n.negative ? -v : v);
                return null;
            }
            BigInteger unscaled = unscaledBig(b, start, end).multiply(BigInteger.TEN.pow(scale - n.scale));
            if (precision <= 18) {
                batch.putLong(column, unscaled.longValueExact());
                return null;
            }
            byte[] fixed = twosComplement(unscaled, bytes);
            batch.putBytes(column, fixed, 0, fixed.length);
            return null;
        }

        private static BigInteger unscaledBig(byte[] b, int start, int end) {
            StringBuilder digits = new StringBuilder(end - start);
            for (int p = start; p < end; p++) {
                char c = (char) b[p];
                if (c != '.' && c != '+') {
                    digits.append(c);
                }
            }
            return new BigInteger(digits.toString());
        }

        static byte[] twosComplement(BigInteger value, int length) {
            byte[] raw = value.toByteArray();
            byte[] out = new byte[length];
            byte pad = (byte) (value.signum() < 0 ? 0xFF : 0);
            int offset = length - raw.length;
            for (int i = 0; i < offset; i++) {
                out[i] = pad;
            }
            System.arraycopy(raw, 0, out, offset, raw.length);
            return out;
        }
    }

    static final class DateConverter extends ValueConverter {
        private final TemporalSyntax temporal = new TemporalSyntax();
        private final DateOrder order;

        DateConverter(DateOrder order) {
            this.order = order;
        }

        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            TemporalSyntax t = temporal;
            boolean ok = t.scan(b, start, end);
            observe(observer, ok, t, b, start, end);
            if (!ok) {
                return notA(b, start, end, "a DATE");
            }
            if (t.hasTime) {
                return "'" + text(b, start, end) + "' has a time of day; the column is a DATE";
            }
            int day = epochDay(t, order);
            if (day == Integer.MIN_VALUE) {
                return slashProblem(b, start, end, order);
            }
            batch.putLong(column, day);
            return null;
        }
    }

    static final class TimestampConverter extends ValueConverter {
        private final TemporalSyntax temporal = new TemporalSyntax();
        private final DateOrder order;
        private final boolean micros;

        TimestampConverter(DateOrder order, boolean micros) {
            this.order = order;
            this.micros = micros;
        }

        @Override
        public String convert(byte[] b, int start, int end, RowBatch batch, int column, ColumnInference observer) {
            TemporalSyntax t = temporal;
            boolean ok = t.scan(b, start, end);
            observe(observer, ok, t, b, start, end);
            if (!ok) {
                return notA(b, start, end, "a TIMESTAMP");
            }
            int day = epochDay(t, order);
            if (day == Integer.MIN_VALUE) {
                return slashProblem(b, start, end, order);
            }
            long seconds = day * 86400L + t.secondOfDay - t.offsetSeconds;
            if (micros) {
                if (t.nanos % 1000 != 0) {
                    return "'" + text(b, start, end) + "' has nanoseconds; TIMESTAMP(6) keeps microseconds";
                }
                batch.putLong(column, seconds * 1_000_000L + t.nanos / 1000);
            } else {
                if (t.nanos % 1_000_000 != 0) {
                    return "'" + text(b, start, end) + "' has sub-millisecond digits; TIMESTAMP(3) keeps milliseconds";
                }
                batch.putLong(column, seconds * 1000L + t.nanos / 1_000_000);
            }
            return null;
        }
    }

    /** Days since the epoch, or Integer.MIN_VALUE when a slash date cannot be read in this order. */
    static int epochDay(TemporalSyntax t, DateOrder order) {
        if (!t.slash) {
            return TemporalSyntax.epochDay(t.year, t.first, t.second);
        }
        int month;
        int day;
        if (order == DateOrder.DAY_FIRST) {
            day = t.first;
            month = t.second;
        } else if (order == DateOrder.MONTH_FIRST) {
            month = t.first;
            day = t.second;
        } else {
            return Integer.MIN_VALUE;
        }
        if (!TemporalSyntax.isValidDate(t.year, month, day)) {
            return Integer.MIN_VALUE;
        }
        return TemporalSyntax.epochDay(t.year, month, day);
    }

    static String slashProblem(byte[] b, int start, int end, DateOrder order) {
        if (order == DateOrder.NONE) {
            return "'" + text(b, start, end) + "' is an a/b/yyyy date whose day/month order is unknown";
        }
        return "'" + text(b, start, end) + "' is not a valid " + order.pattern() + " date";
    }
}
