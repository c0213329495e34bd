package dev.sluice.processor.internal.infer;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.DateOrder;
import dev.sluice.processor.internal.text.NumberSyntax;
import dev.sluice.processor.internal.text.TemporalSyntax;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the narrowest type that holds every non-null value of one column without altering any.
 * Candidates only ever drop out, so after the first few rows most values cost one or two byte
 * comparisons. The rules (see the README for the table):
 *
 * <ul>
 *   <li>BOOLEAN: {@code true}/{@code false} in any letter case.
 *   <li>INT, BIGINT: plain integers within range, no leading zeros ({@code 007} stays text).
 *   <li>DECIMAL(p,s): integers and plain decimals together, p = widest integer part + widest
 *       fraction, at most 38 digits ({@code 12.30} is DECIMAL(4,2), never DOUBLE).
 *   <li>DOUBLE: scientific notation, NaN, Infinity, or plain decimals too wide for DECIMAL, each
 *       with at most 15 significant digits (what a double gives back unchanged).
 *   <li>DATE: ISO, {@code yyyy/MM/dd}, {@code dd.MM.yyyy}, and {@code a/b/yyyy} when the data
 *       decides the order (some value only valid one way, none only valid the other).
 *   <li>TIMESTAMP: a date with a time, any offset converted to UTC; dates mixed in are midnight;
 *       microseconds when some value has sub-millisecond digits, else milliseconds.
 *   <li>STRING: everything else, and columns without a single value.
 * </ul>
 */
public final class ColumnInference {

    private final NumberSyntax number;
    private final TemporalSyntax temporal;

    private boolean bool = true;
    private boolean numeric = true;
    private boolean allIntegers = true;
    private boolean anyScientific;
    private boolean doubleExact = true;
    private int maxIntDigits;
    private int maxScale;
    private long minInteger = Long.MAX_VALUE;
    private long maxInteger = Long.MIN_VALUE;
    private boolean beyondBigint;
    private boolean temporalOk = true;
    private boolean anyTime;
    private boolean anySlash;
    private boolean dayFirstOk = true;
    private boolean monthFirstOk = true;
    private boolean needsMicros;

    private long nonNull;
    private long nulls;
    private String example;

    public ColumnInference(NumberSyntax number, TemporalSyntax temporal) {
        this.number = number;
        this.temporal = temporal;
    }

    public void acceptNull() {
        nulls++;
    }

    /** Takes one non-null value (escapes already removed). */
    public void accept(byte[] b, int start, int end) {
        if (nonNull++ == 0) {
            example = new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        if (!(bool || numeric || temporalOk)) {
            return;
        }
        byte c = b[start];
        if (bool) {
            bool = isBoolean(b, start, end);
        }
        if (numeric) {
            if ((c >= '0' && c <= '9')
                    || c == '-'
                    || c == '+'
                    || c == '.'
                    || c == 'N'
                    || c == 'I'
                    || c == 'n'
                    || c == 'i') {
                takeNumber(b, start, end);
            } else {
                numeric = false;
            }
        }
        if (temporalOk) {
            if (c >= '0' && c <= '9' && temporal.scan(b, start, end)) {
                takeTemporal(temporal);
            } else {
                temporalOk = false;
            }
        }
    }

    private void takeNumber(byte[] b, int start, int end) {
        takeScannedNumber(number.scan(b, start, end), number, b, start, end);
    }

    /** True when only a numeric type is still possible: a converter's scan can then stand for ours. */
    public boolean onlyNumeric() {
        return numeric && !bool && !temporalOk && nonNull > 0;
    }

    /** True when only DATE/TIMESTAMP is still possible. */
    public boolean onlyTemporal() {
        return temporalOk && !bool && !numeric && nonNull > 0;
    }

    /** Takes a value a converter has already scanned as a number (see {@link #onlyNumeric()}). */
    public void acceptScannedNumber(boolean ok, NumberSyntax n, byte[] b, int start, int end) {
        nonNull++;
        takeScannedNumber(ok, n, b, start, end);
    }

    /** Takes a value a converter has already scanned as a date or timestamp (see {@link #onlyTemporal()}). */
    public void acceptScannedTemporal(boolean ok, TemporalSyntax t) {
        nonNull++;
        if (ok) {
            takeTemporal(t);
        } else {
            temporalOk = false;
        }
    }

    private void takeScannedNumber(boolean ok, NumberSyntax n, byte[] b, int start, int end) {
        if (!ok || n.leadingZero) {
            numeric = false;
            return;
        }
        if (n.significant > NumberSyntax.DOUBLE_DIGITS) {
            doubleExact = false;
        }
        if (n.exponent || n.special) {
            anyScientific = true;
            allIntegers = false;
            return;
        }
        if (n.intDigits > maxIntDigits) {
            maxIntDigits = n.intDigits;
        }
        if (n.point) {
            allIntegers = false;
            if (n.scale > maxScale) {
                maxScale = n.scale;
            }
        } else if (allIntegers) {
            if (n.unscaled >= 0) {
                long v = n.negative ? -n.unscaled : n.unscaled;
                if (v < minInteger) {
                    minInteger = v;
                }
                if (v > maxInteger) {
                    maxInteger = v;
                }
            } else {
                try {
                    long v = Long.parseLong(new String(b, start, end - start, StandardCharsets.US_ASCII));
                    minInteger = Math.min(minInteger, v);
                    maxInteger = Math.max(maxInteger, v);
                } catch (NumberFormatException e) {
                    // too wide for BIGINT: only DECIMAL(p,0) can hold it
                    beyondBigint = true;
                }
            }
        }
    }

    private void takeTemporal(TemporalSyntax t) {
        if (t.hasTime) {
            anyTime = true;
            if (t.nanos % 1_000_000 != 0) {
                if (t.nanos % 1000 != 0) {
                    // nanoseconds would be truncated: keep the text instead
                    temporalOk = false;
                    return;
                }
                needsMicros = true;
            }
        }
        if (t.slash) {
            anySlash = true;
            if (dayFirstOk && !TemporalSyntax.isValidDate(t.year, t.second, t.first)) {
                dayFirstOk = false;
            }
            if (monthFirstOk && !TemporalSyntax.isValidDate(t.year, t.first, t.second)) {
                monthFirstOk = false;
            }
            if (!dayFirstOk && !monthFirstOk) {
                temporalOk = false;
            }
        }
    }

    static boolean isBoolean(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 4) {
            return (b[start] | 0x20) == 't'
                    && (b[start + 1] | 0x20) == 'r'
                    && (b[start + 2] | 0x20) == 'u'
                    && (b[start + 3] | 0x20) == 'e';
        }
        if (len == 5) {
            return (b[start] | 0x20) == 'f'
                    && (b[start + 1] | 0x20) == 'a'
                    && (b[start + 2] | 0x20) == 'l'
                    && (b[start + 3] | 0x20) == 's'
                    && (b[start + 4] | 0x20) == 'e';
        }
        return false;
    }

    /** Takes in what another inference saw, as if it had seen those values itself. */
    public void merge(ColumnInference o) {
        if (o.nonNull > 0) {
            if (nonNull == 0) {
                example = o.example;
            }
            bool &= o.bool;
            numeric &= o.numeric;
            allIntegers &= o.allIntegers;
            anyScientific |= o.anyScientific;
            doubleExact &= o.doubleExact;
            maxIntDigits = Math.max(maxIntDigits, o.maxIntDigits);
            maxScale = Math.max(maxScale, o.maxScale);
            minInteger = Math.min(minInteger, o.minInteger);
            maxInteger = Math.max(maxInteger, o.maxInteger);
            beyondBigint |= o.beyondBigint;
            temporalOk &= o.temporalOk;
            anyTime |= o.anyTime;
            anySlash |= o.anySlash;
            dayFirstOk &= o.dayFirstOk;
            monthFirstOk &= o.monthFirstOk;
            needsMicros |= o.needsMicros;
        }
        nonNull += o.nonNull;
        nulls += o.nulls;
    }

    /** Writes what this column has seen, for {@link #readFrom} in another process. */
    public void writeTo(DataOutput out) throws IOException {
        boolean[] flags = {
            bool, numeric, allIntegers, anyScientific, doubleExact, beyondBigint,
            temporalOk, anyTime, anySlash, dayFirstOk, monthFirstOk, needsMicros
        };
        int bits = 0;
        for (int i = 0; i < flags.length; i++) {
            bits |= flags[i] ? 1 << i : 0;
        }
        out.writeInt(bits);
        out.writeInt(maxIntDigits);
        out.writeInt(maxScale);
        out.writeLong(minInteger);
        out.writeLong(maxInteger);
        out.writeLong(nonNull);
        out.writeLong(nulls);
        out.writeBoolean(example != null);
        if (example != null) {
            byte[] b = example.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** A column as {@link #writeTo} wrote it: merging it is as if its values were seen here. */
    public static ColumnInference readFrom(DataInput in, NumberSyntax number, TemporalSyntax temporal)
            throws IOException {
        ColumnInference c = new ColumnInference(number, temporal);
        int bits = in.readInt();
        c.bool = (bits & 1) != 0;
        c.numeric = (bits & 1 << 1) != 0;
        c.allIntegers = (bits & 1 << 2) != 0;
        c.anyScientific = (bits & 1 << 3) != 0;
        c.doubleExact = (bits & 1 << 4) != 0;
        c.beyondBigint = (bits & 1 << 5) != 0;
        c.temporalOk = (bits & 1 << 6) != 0;
        c.anyTime = (bits & 1 << 7) != 0;
        c.anySlash = (bits & 1 << 8) != 0;
        c.dayFirstOk = (bits & 1 << 9) != 0;
        c.monthFirstOk = (bits & 1 << 10) != 0;
        c.needsMicros = (bits & 1 << 11) != 0;
        c.maxIntDigits = in.readInt();
        c.maxScale = in.readInt();
        c.minInteger = in.readLong();
        c.maxInteger = in.readLong();
        c.nonNull = in.readLong();
        c.nulls = in.readLong();
        if (in.readBoolean()) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            c.example = new String(b, StandardCharsets.UTF_8);
        }
        return c;
    }

    public long nullCount() {
        return nulls;
    }

    /** The first non-null value seen, or null. */
    public String example() {
        return example;
    }

    public ColumnType type() {
        if (nonNull == 0) {
            return ColumnType.STRING;
        }
        if (bool) {
            return ColumnType.BOOLEAN;
        }
        if (numeric) {
            return numericType();
        }
        if (temporalOk && dateOrder() != null) {
            if (!anyTime) {
                return ColumnType.DATE;
            }
            return needsMicros ? ColumnType.TIMESTAMP_MICROS : ColumnType.TIMESTAMP_MILLIS;
        }
        return ColumnType.STRING;
    }

    /** How slash dates are read; null when the data cannot decide. */
    private DateOrder dateOrder() {
        if (!anySlash) {
            return DateOrder.NONE;
        }
        if (dayFirstOk == monthFirstOk) {
            return null;
        }
        return dayFirstOk ? DateOrder.DAY_FIRST : DateOrder.MONTH_FIRST;
    }

    public DateOrder slashDateOrder() {
        ColumnType.Kind kind = type().kind();
        if (kind != ColumnType.Kind.DATE && kind != ColumnType.Kind.TIMESTAMP) {
            return DateOrder.NONE;
        }
        return dateOrder();
    }

    private ColumnType numericType() {
        if (allIntegers) {
            if (beyondBigint) {
                return maxIntDigits <= ColumnType.MAX_DECIMAL_PRECISION
                        ? ColumnType.decimal(maxIntDigits, 0)
                        : ColumnType.STRING;
            }
            return minInteger >= Integer.MIN_VALUE && maxInteger <= Integer.MAX_VALUE
                    ? ColumnType.INT
                    : ColumnType.BIGINT;
        }
        if (!anyScientific) {
            int precision = Math.max(1, maxIntDigits + maxScale);
            if (precision <= ColumnType.MAX_DECIMAL_PRECISION) {
                return ColumnType.decimal(precision, maxScale);
            }
        }
        return doubleExact ? ColumnType.DOUBLE : ColumnType.STRING;
    }
}
