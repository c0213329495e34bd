package dev.sluice.processor.internal.text;

/**
 * Reads the shape of a number written in bytes: sign, integer digits, fraction digits, exponent,
 * or one of the IEEE special words. Reused per thread: {@link #scan} overwrites the fields.
 */
public final class NumberSyntax {

    /** Significant digits a double reproduces exactly when printed back (DBL_DIG). */
    public static final int DOUBLE_DIGITS = 15;

    public boolean negative;
    /** Digits before the point, a lone leading zero not counted ("0.5" has none). */
    public int intDigits;
    /** Digits after the point. */
    public int scale;

    public boolean point;
    public boolean exponent;
    /** NaN or Infinity. */
    public boolean special;
    /** A leading zero followed by more digits ("007"): an identifier, not a number. */
    public boolean leadingZero;
    /** Significant digits (leading zeros of the whole number not counted). */
    public int significant;
    /** The digits as an unscaled value when they fit in a long (at most 18 digits). */
    public long unscaled;

    /** True when the bytes are a number in plain or scientific notation, or NaN/Infinity. */
    public boolean scan(byte[] b, int start, int end) {
        negative = false;
        intDigits = 0;
        scale = 0;
        point = false;
        exponent = false;
        special = false;
        leadingZero = false;
        significant = 0;
        unscaled = 0;
        int p = start;
        if (p >= end) {
            return false;
        }
        byte c = b[p];
        if (c == '-' || c == '+') {
            negative = c == '-';
            p++;
            if (p >= end) {
                return false;
            }
        }
        c = b[p];
        if (c == 'N' || c == 'n' || c == 'I' || c == 'i') {
            return specialWord(b, p, end);
        }
        int digitsStart = p;
        long value = 0;
        int sig = 0;
        while (p < end && (c = b[p]) >= '0' && c <= '9') {
            if (sig > 0 || c != '0') {
                sig++;
            }
            value = value * 10 + (c - '0');
            p++;
        }
        int digits = p - digitsStart;
        if (digits > 1 && b[digitsStart] == '0') {
            leadingZero = true;
        }
        intDigits = digits == 1 && b[digitsStart] == '0' ? 0 : digits;
        if (p < end && b[p] == '.') {
            point = true;
            p++;
            int fracStart = p;
            while (p < end && (c = b[p]) >= '0' && c <= '9') {
                if (sig > 0 || c != '0') {
                    sig++;
                }
                value = value * 10 + (c - '0');
                p++;
            }
            scale = p - fracStart;
            if (digits == 0 && scale == 0) {
                return false;
            }
        } else if (digits == 0) {
            return false;
        }
        significant = sig;
        unscaled = digits + scale <= 18 ? value : -1;
        if (p == end) {
            return true;
        }
        c = b[p];
        if (c != 'e' && c != 'E') {
            return false;
        }
        exponent = true;
        p++;
        if (p < end && (b[p] == '-' || b[p] == '+')) {
            p++;
        }
        int expStart = p;
        while (p < end && (c = b[p]) >= '0' && c <= '9') {
            p++;
        }
        return p > expStart && p == end && p - expStart <= 4;
    }

    private boolean specialWord(byte[] b, int p, int end) {
        int len = end - p;
        if (len == 3 && lowerEquals(b, p, "nan") && !negative) {
            special = true;
            return true;
        }
        if ((len == 8 && lowerEquals(b, p, "infinity")) || (len == 3 && lowerEquals(b, p, "inf"))) {
            special = true;
            return true;
        }
        return false;
    }

    static boolean lowerEquals(byte[] b, int p, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((b[p + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True for a plain integer: no point, no exponent, not special. */
    public boolean isInteger() {
        return !point && !exponent && !special;
    }
}
