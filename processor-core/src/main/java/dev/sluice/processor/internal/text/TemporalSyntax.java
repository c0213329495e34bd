package dev.sluice.processor.internal.text;

/**
 * Reads dates and timestamps written in bytes. Dates: {@code yyyy-MM-dd}, {@code yyyy/MM/dd},
 * {@code dd.MM.yyyy}, and {@code a/b/yyyy} whose day/month order the caller decides. Times follow
 * after {@code T} or a space: {@code HH:mm[:ss[.f…]]}, then an optional {@code AM}/{@code PM},
 * then an optional {@code Z}, {@code UTC} or offset ({@code +HH}, {@code +HHmm}, {@code +HH:mm}).
 * Reused per thread: {@link #scan} overwrites the fields.
 */
public final class TemporalSyntax {

    public int year;
    /** For ISO and dotted dates the month; for slash dates the first number. */
    public int first;
    /** For ISO and dotted dates the day; for slash dates the second number. */
    public int second;
    /** a/b/yyyy: the order of the first two numbers is open. */
    public boolean slash;

    public boolean hasTime;
    public int secondOfDay;
    public int nanos;
    /** Digits after the seconds' point. */
    public int fractionDigits;

    public int offsetSeconds;
    public boolean hasOffset;

    public boolean scan(byte[] b, int start, int end) {
        slash = false;
        hasTime = false;
        secondOfDay = 0;
        nanos = 0;
        fractionDigits = 0;
        offsetSeconds = 0;
        hasOffset = false;
        int len = end - start;
        if (len < 8 || b[start] < '0' || b[start] > '9') {
            return false;
        }
        int p = parseDate(b, start, end);
        if (p < 0) {
            return false;
        }
        if (p == end) {
            return true;
        }
        byte sep = b[p];
        if (sep != 'T' && sep != ' ') {
            return false;
        }
        return parseTime(b, p + 1, end);
    }

    /** Returns the position after the date, or -1. */
    private int parseDate(byte[] b, int p, int end) {
        // the usual shape first: yyyy-MM-dd at fixed positions
        if (end - p >= 10 && b[p + 4] == '-' && b[p + 7] == '-') {
            int y = fourDigits(b, p);
            int m = twoDigits(b, p + 5, end);
            int d = twoDigits(b, p + 8, end);
            if (y >= 0 && m >= 0 && d >= 0 && (p + 10 == end || !isDigit(b[p + 10]))) {
                year = y;
                first = m;
                second = d;
                return isValidDate(y, m, d) ? p + 10 : -1;
            }
        }
        int n1 = 0;
        int d1 = 0;
        while (p < end && isDigit(b[p]) && d1 < 5) {
            n1 = n1 * 10 + (b[p++] - '0');
            d1++;
        }
        if (p >= end) {
            return -1;
        }
        byte s = b[p];
        if (s != '-' && s != '/' && s != '.') {
            return -1;
        }
        p++;
        int n2 = 0;
        int d2 = 0;
        while (p < end && isDigit(b[p]) && d2 < 3) {
            n2 = n2 * 10 + (b[p++] - '0');
            d2++;
        }
        if (d2 == 0 || d2 > 2 || p >= end || b[p] != s) {
            return -1;
        }
        p++;
        int n3 = 0;
        int d3 = 0;
        while (p < end && isDigit(b[p]) && d3 < 5) {
            n3 = n3 * 10 + (b[p++] - '0');
            d3++;
        }
        if (d1 == 4 && (s == '-' || s == '/') && (d3 == 1 || d3 == 2)) {
            year = n1;
            first = n2;
            second = n3;
            return isValidDate(year, first, second) ? p : -1;
        }
        if ((d1 == 1 || d1 == 2) && d3 == 4) {
            year = n3;
            if (s == '.') {
                first = n2;
                second = n1;
                return isValidDate(year, first, second) ? p : -1;
            }
            if (s == '/') {
                first = n1;
                second = n2;
                slash = true;
                return first >= 1 && second >= 1 && first <= 31 && second <= 31 && year >= 1 ? p : -1;
            }
        }
        return -1;
    }

    private boolean parseTime(byte[] b, int p, int end) {
        int h = twoDigits(b, p, end);
        int hourDigits = 2;
        if (h < 0) {
            // 12-hour clocks write single-digit hours
            if (p < end && isDigit(b[p]) && p + 1 < end && b[p + 1] == ':') {
                h = b[p] - '0';
                hourDigits = 1;
            } else {
                return false;
            }
        }
        p += hourDigits;
        if (p >= end || b[p] != ':') {
            return false;
        }
        int m = twoDigits(b, p + 1, end);
        if (m < 0 || m > 59) {
            return false;
        }
        p += 3;
        int s = 0;
        if (p < end && b[p] == ':') {
            s = twoDigits(b, p + 1, end);
            if (s < 0 || s > 59) {
                return false;
            }
            p += 3;
            if (p < end && (b[p] == '.' || b[p] == ',')) {
                p++;
                int digits = 0;
                int value = 0;
                while (p < end && isDigit(b[p])) {
                    if (digits < 9) {
                        value = value * 10 + (b[p] - '0');
                    } else if (b[p] != '0') {
                        return false;
                    }
                    digits++;
                    p++;
                }
                if (digits == 0) {
                    return false;
                }
                fractionDigits = Math.min(digits, 9);
                for (int i = fractionDigits; i < 9; i++) {
                    value *= 10;
                }
                nanos = value;
            }
        }
        if (p + 3 <= end && b[p] == ' ') {
            int a = b[p + 1] | 0x20;
            int mm = b[p + 2] | 0x20;
            if ((a == 'a' || a == 'p') && mm == 'm' && (p + 3 == end || !isLetter(b[p + 3]))) {
                if (h < 1 || h > 12) {
                    return false;
                }
                h = (h % 12) + (a == 'p' ? 12 : 0);
                p += 3;
            }
        }
        if (h > 23) {
            return false;
        }
        secondOfDay = h * 3600 + m * 60 + s;
        hasTime = true;
        if (p == end) {
            return true;
        }
        return parseOffset(b, p, end);
    }

    private boolean parseOffset(byte[] b, int p, int end) {
        if (b[p] == ' ') {
            p++;
            if (p == end) {
                return false;
            }
        }
        byte c = b[p];
        if ((c == 'Z' || c == 'z') && p + 1 == end) {
            hasOffset = true;
            return true;
        }
        if (end - p == 3 && (c | 0x20) == 'u' && (b[p + 1] | 0x20) == 't' && (b[p + 2] | 0x20) == 'c') {
            hasOffset = true;
            return true;
        }
        if (c != '+' && c != '-') {
            return false;
        }
        int sign = c == '-' ? -1 : 1;
        int oh = twoDigits(b, p + 1, end);
        if (oh < 0 || oh > 18) {
            return false;
        }
        p += 3;
        int om = 0;
        if (p < end) {
            if (b[p] == ':') {
                p++;
            }
            om = twoDigits(b, p, end);
            if (om < 0 || om > 59) {
                return false;
            }
            p += 2;
        }
        if (p != end) {
            return false;
        }
        hasOffset = true;
        offsetSeconds = sign * (oh * 3600 + om * 60);
        return true;
    }

    private static int fourDigits(byte[] b, int p) {
        int a = b[p] - '0';
        int c = b[p + 1] - '0';
        int d = b[p + 2] - '0';
        int e = b[p + 3] - '0';
        if ((a | c | d | e) < 0 || a > 9 || c > 9 || d > 9 || e > 9) {
            return -1;
        }
        return a * 1000 + c * 100 + d * 10 + e;
    }

    private static int twoDigits(byte[] b, int p, int end) {
        if (p + 1 >= end || !isDigit(b[p]) || !isDigit(b[p + 1])) {
            return -1;
        }
        return (b[p] - '0') * 10 + (b[p + 1] - '0');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(byte c) {
        int l = c | 0x20;
        return l >= 'a' && l <= 'z';
    }

    public static boolean isValidDate(int year, int month, int day) {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= daysInMonth(year, month);
    }

    static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's algorithm). */
    public static int epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
