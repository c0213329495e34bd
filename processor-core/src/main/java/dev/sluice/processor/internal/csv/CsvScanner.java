package dev.sluice.processor.internal.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits UTF-8 bytes into CSV records without creating objects per field: a record is a list of
 * (start, end, flags) offsets into one reusable buffer. Handles RFC 4180 quoting with doubled or
 * backslash escapes, CRLF, LF and CR line ends, text after a closing quote (kept, as FastCSV
 * does), an unterminated quote at the end of input, and skips blank lines. Line numbers are
 * physical lines, so a record spanning lines reports the line it starts on.
 */
public final class CsvScanner implements Closeable {

    /** The field was enclosed in quotes; start/end exclude the opening quote. */
    public static final int QUOTED = 1;
    /** The field holds escapes or text after its closing quote: read it with {@link #copyValue}. */
    public static final int ESCAPED = 2;
    /** The field holds bytes above 0x7F. */
    public static final int NON_ASCII = 4;

    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int MIN_READ = 64 << 10;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LF_PATTERN = ONES * '\n';
    private static final long CR_PATTERN = ONES * '\r';
    private static final long BACKSLASH_PATTERN = ONES * '\\';

    private static final int RECORD = 0;
    private static final int BLANK = 1;
    private static final int NEED_MORE = 2;
    private static final int END = 3;

    private final InputStream in;
    private final byte delimiter;
    private final byte quote;
    private final boolean backslash;
    private final int maxRecordBytes;
    /** Fields of a record kept beyond this are only counted, so a wide record cannot take memory. */
    private final int maxFields;

    private final int minRead;
    /** 1 for bytes that end an unquoted field: delimiter, CR, LF. */
    private final byte[] stops = new byte[256];

    private final long delimiterPattern;
    private final long quotePattern;

    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long bufferOffset;
    private long line = 1;

    private int count;
    private int[] starts;
    private int[] ends;
    private byte[] flags;
    private int recordStart;
    private int recordEnd;
    private long recordLine;
    private int invalidUtf8Field;

    public CsvScanner(InputStream in, char delimiter, char quote, boolean backslashEscape, int maxRecordBytes) {
        this(
                in,
                delimiter,
                quote,
                backslashEscape,
                maxRecordBytes,
                Math.min(INITIAL_BUFFER, maxRecordBytes),
                Integer.MAX_VALUE - 1);
    }

    /**
     * Keeps the offsets of at most {@code maxFields + 1} fields of a record: {@link #fieldCount()}
     * still tells how many it has, but only the first {@code maxFields + 1} can be read. A record
     * with more fields than its file has columns is rejected anyway; one with more than the column
     * limit must not make the scanner hold an offset per field first.
     */
    public static CsvScanner withMaxFields(
            InputStream in, char delimiter, char quote, boolean backslashEscape, int maxRecordBytes, int maxFields) {
        return new CsvScanner(
                in,
                delimiter,
                quote,
                backslashEscape,
                maxRecordBytes,
                Math.min(INITIAL_BUFFER, maxRecordBytes),
                maxFields);
    }

    /** With a chosen initial buffer size: tests use tiny ones to cross buffer boundaries everywhere. */
    CsvScanner(
            InputStream in,
            char delimiter,
            char quote,
            boolean backslashEscape,
            int maxRecordBytes,
            int initialBufferBytes) {
        this(in, delimiter, quote, backslashEscape, maxRecordBytes, initialBufferBytes, Integer.MAX_VALUE - 1);
    }

    CsvScanner(
            InputStream in,
            char delimiter,
            char quote,
            boolean backslashEscape,
            int maxRecordBytes,
            int initialBufferBytes,
            int maxFields) {
        if (maxFields < 1) {
            throw new IllegalArgumentException("maxFields must be at least 1, not " + maxFields);
        }
        if (delimiter > 0x7F || quote > 0x7F) {
            throw new IllegalArgumentException("delimiter and quote must be ASCII characters");
        }
        this.in = in;
        this.delimiter = (byte) delimiter;
        this.quote = (byte) quote;
        this.backslash = backslashEscape;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFields = maxFields;
        int fields = Math.min(64, maxFields + 1);
        this.starts = new int[fields];
        this.ends = new int[fields];
        this.flags = new byte[fields];
        this.buf = new byte[Math.max(4, initialBufferBytes)];
        this.minRead = Math.max(1, Math.min(MIN_READ, buf.length / 2));
        this.delimiterPattern = ONES * delimiter;
        this.quotePattern = ONES * quote;
        stops[delimiter] = 1;
        stops['\n'] = 1;
        stops['\r'] = 1;
    }

    /**
     * Moves to the next non-blank record.
     *
     * @return false at the end of input
     * @throws MalformedCsvException when a record grows beyond the maximum record size (typically
     *     an unterminated quote)
     */
    public boolean next() throws IOException {
        while (true) {
            int result = parse();
            switch (result) {
                case RECORD:
                    checkUtf8();
                    return true;
                case BLANK:
                    continue;
                case END:
                    return false;
                default:
                    makeRoom();
            }
        }
    }

    private int parse() {
        final byte[] b = buf;
        final int lim = limit;
        final byte d = delimiter;
        final byte q = quote;
        int p = pos;
        long ln = line;
        if (p >= lim) {
            return eof ? END : NEED_MORE;
        }
        byte first = b[p];
        if (first == '\n' || first == '\r') {
            if (first == '\r') {
                if (p + 1 >= lim && !eof) {
                    return NEED_MORE;
                }
                if (p + 1 < lim && b[p + 1] == '\n') {
                    p++;
                }
            }
            pos = p + 1;
            line = ln + 1;
            return BLANK;
        }
        int n = 0;
        final int start = p;
        while (true) {
            if (n == starts.length && n <= maxFields) {
                growFields();
            }
            int flag = 0;
            int fieldStart;
            int fieldEnd;
            if (p < lim && b[p] == q) {
                p++;
                fieldStart = p;
                flag = QUOTED;
                // inside quotes; eight bytes at a time while none of them needs a look
                long quotedWide = 0;
                while (true) {
                    while (p + 8 <= lim) {
                        long word = (long) LONGS.get(b, p);
                        long hit = hasByte(word, quotePattern)
                                | hasByte(word, LF_PATTERN)
                                | hasByte(word, CR_PATTERN)
                                | (backslash ? hasByte(word, BACKSLASH_PATTERN) : 0);
                        if (hit != 0) {
                            int skip = Long.numberOfTrailingZeros(hit) >>> 3;
                            quotedWide |= word & ((1L << (skip << 3)) - 1);
                            p += skip;
                            break;
                        }
                        quotedWide |= word;
                        p += 8;
                    }
                    if (p >= lim) {
                        if (!eof) {
                            return NEED_MORE;
                        }
                        // unterminated quote at end of input: the rest is the field
                        fieldEnd = p;
                        break;
                    }
                    byte c = b[p];
                    if (c == q) {
                        if (!backslash) {
                            if (p + 1 >= lim && !eof) {
                                return NEED_MORE;
                            }
                            if (p + 1 < lim && b[p + 1] == q) {
                                flag |= ESCAPED;
                                p += 2;
                                continue;
                            }
                        }
                        fieldEnd = p;
                        p++;
                        break;
                    } else if (backslash && c == '\\') {
                        if (p + 1 >= lim && !eof) {
                            return NEED_MORE;
                        }
                        flag |= ESCAPED;
                        if (p + 1 < lim && b[p + 1] == '\n') {
                            ln++;
                        }
                        p += 2;
                        continue;
                    } else if (c == '\n') {
                        ln++;
                    } else if (c == '\r') {
                        if (p + 1 >= lim && !eof) {
                            return NEED_MORE;
                        }
                        if (p + 1 >= lim || b[p + 1] != '\n') {
                            ln++;
                        }
                    } else if (c < 0) {
                        flag |= NON_ASCII;
                    }
                    p++;
                }
                if ((quotedWide & HIGH_BITS) != 0) {
                    flag |= NON_ASCII;
                }
                // text after the closing quote belongs to the field
                if (p < lim && stops[b[p] & 0xFF] == 0) {
                    flag |= ESCAPED;
                    int acc = 0;
                    while (p < lim) {
                        byte c = b[p];
                        if (stops[c & 0xFF] != 0) {
                            break;
                        }
                        acc |= c;
                        p++;
                    }
                    if (acc < 0) {
                        flag |= NON_ASCII;
                    }
                    fieldEnd = p;
                }
            } else {
                fieldStart = p;
                // eight bytes at a time while no delimiter or line end is among them
                long wide = 0;
                while (p + 8 <= lim) {
                    long word = (long) LONGS.get(b, p);
                    long stop = hasByte(word, delimiterPattern) | hasByte(word, LF_PATTERN) | hasByte(word, CR_PATTERN);
                    if (stop != 0) {
                        int skip = Long.numberOfTrailingZeros(stop) >>> 3;
                        wide |= word & ((1L << (skip << 3)) - 1);
                        p += skip;
                        break;
                    }
                    wide |= word;
                    p += 8;
                }
                int acc = 0;
                while (p < lim) {
                    byte c = b[p];
                    if (stops[c & 0xFF] != 0) {
                        break;
                    }
                    acc |= c;
                    p++;
                }
                if (acc < 0 || (wide & HIGH_BITS) != 0) {
                    flag |= NON_ASCII;
                }
                fieldEnd = p;
            }
            if (p >= lim && !eof) {
                return NEED_MORE;
            }
            if (n < starts.length) {
                starts[n] = fieldStart;
                ends[n] = fieldEnd;
                flags[n] = (byte) flag;
            }
            n++;
            if (p >= lim) {
                recordEnd = p;
                pos = p;
                break;
            }
            byte c = b[p];
            if (c == d) {
                p++;
                continue;
            }
            recordEnd = p;
            if (c == '\r') {
                if (p + 1 >= lim && !eof) {
                    return NEED_MORE;
                }
                p++;
                if (p < lim && b[p] == '\n') {
                    p++;
                }
            } else {
                p++;
            }
            ln++;
            pos = p;
            break;
        }
        count = n;
        recordStart = start;
        recordLine = line;
        line = ln;
        return RECORD;
    }

    /**
     * The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern}
     * (the lowest such bit is exact, which is all that is used).
     */
    private static long hasByte(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    private void makeRoom() throws IOException {
        if (eof) {
            throw new IllegalStateException("parser asked for more input after the end");
        }
        if (pos > 0) {
            int remaining = limit - pos;
            System.arraycopy(buf, pos, buf, 0, remaining);
            bufferOffset += pos;
            limit = remaining;
            pos = 0;
        }
        if (buf.length - limit < minRead) {
            if (buf.length >= maxRecordBytes) {
                throw new MalformedCsvException(
                        "the record starting here is longer than " + maxRecordBytes + " bytes (an unterminated quote?)",
                        line);
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRecordBytes));
        }
        int read = in.read(buf, limit, buf.length - limit);
        if (read < 0) {
            eof = true;
        } else {
            limit += read;
        }
    }

    private void growFields() {
        int size = (int) Math.min((long) starts.length * 2, (long) maxFields + 1);
        starts = Arrays.copyOf(starts, size);
        ends = Arrays.copyOf(ends, size);
        flags = Arrays.copyOf(flags, size);
    }

    private void checkUtf8() {
        invalidUtf8Field = -1;
        int kept = Math.min(count, starts.length);
        for (int i = 0; i < kept; i++) {
            if ((flags[i] & NON_ASCII) != 0 && !Utf8.isValid(buf, starts[i], ends[i])) {
                invalidUtf8Field = i;
                return;
            }
        }
    }

    /** The fields of the current record, also those beyond {@code maxFields} that were only counted. */
    public int fieldCount() {
        return count;
    }

    public byte[] buffer() {
        return buf;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    public boolean needsCopy(int field) {
        return (flags[field] & ESCAPED) != 0;
    }

    /** The index of the first field that is not valid UTF-8, or -1. */
    public int invalidUtf8Field() {
        return invalidUtf8Field;
    }

    /** The physical line the current record starts on (1-based). */
    public long line() {
        return recordLine;
    }

    /** Where the current record starts, in bytes of input (after decoding to UTF-8). */
    public long recordPosition() {
        return bufferOffset + recordStart;
    }

    /** Bytes of input consumed so far (after decoding to UTF-8). */
    public long position() {
        return bufferOffset + pos;
    }

    /** Length in bytes of a field's value after removing escapes. */
    public int valueLength(int field) {
        return (flags[field] & ESCAPED) == 0 ? ends[field] - starts[field] : copyValue(field, null, 0);
    }

    /**
     * Writes a field's value, escapes removed, into {@code dst} at {@code offset} (or only measures
     * it when {@code dst} is null) and returns its length. Only needed when {@link #needsCopy}.
     */
    public int copyValue(int field, byte[] dst, int offset) {
        final byte[] b = buf;
        final int end = ends[field];
        int p = starts[field];
        int o = offset;
        boolean inQuotes = (flags[field] & QUOTED) != 0;
        while (p < end) {
            byte c = b[p];
            if (inQuotes) {
                if (backslash && c == '\\' && p + 1 < end) {
                    c = b[p + 1];
                    p += 2;
                } else if (c == quote) {
                    if (!backslash && p + 1 < end && b[p + 1] == quote) {
                        p += 2;
                    } else {
                        inQuotes = false;
                        p++;
                        continue;
                    }
                } else {
                    p++;
                }
            } else {
                p++;
            }
            if (dst != null) {
                dst[o] = c;
            }
            o++;
        }
        return o - offset;
    }

    /** A field's value as a string (allocates; for headers, examples and messages). */
    public String fieldString(int field) {
        if ((flags[field] & ESCAPED) == 0) {
            return new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
        }
        byte[] tmp = new byte[ends[field] - starts[field]];
        int len = copyValue(field, tmp, 0);
        return new String(tmp, 0, len, StandardCharsets.UTF_8);
    }

    /** The record's raw bytes as read, without its line end. */
    public byte[] rawRecord() {
        return Arrays.copyOfRange(buf, recordStart, recordEnd);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
