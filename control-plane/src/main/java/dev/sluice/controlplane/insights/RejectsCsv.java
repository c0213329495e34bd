package dev.sluice.controlplane.insights;

import dev.sluice.controlplane.storage.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records of a rejects CSV ({@code line,column,reason,raw}, every text field quoted with
 * quotes doubled, raw text possibly spanning lines) from a byte offset, so that a page is read
 * without the rows before it. Offsets are byte offsets of record starts.
 */
final class RejectsCsv {

    private final ObjectReader in;
    private final String name;

    RejectsCsv(ObjectReader in, String name) {
        this.in = in;
        this.name = name;
    }

    /** Up to {@code limit} rows from {@code offset} (0: after the header); the offset after them. */
    Result read(long offset, int limit) {
        try {
            in.seek(0);
            long position = offset == 0 ? skipHeader() : offset;
            in.seek(position);
            Bytes bytes = new Bytes(in, position);
            List<RejectsPage.Row> rows = new ArrayList<>();
            while (rows.size() < limit && bytes.peek() >= 0) {
                rows.add(row(bytes));
            }
            return new Result(rows, bytes.peek() >= 0 ? bytes.position : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(List<RejectsPage.Row> rows, Long next) {}

    private long skipHeader() throws IOException {
        long n = 0;
        int b;
        while ((b = in.read()) >= 0) {
            n++;
            if (b == '\n') {
                break;
            }
        }
        return n;
    }

    private RejectsPage.Row row(Bytes bytes) throws IOException {
        long start = bytes.position;
        List<String> fields = new ArrayList<>(4);
        while (true) {
            fields.add(field(bytes, start));
            int end = bytes.next();
            if (end == '\n' || end < 0) {
                break;
            }
            if (end != ',') {
                throw malformed(start, "expected ',' after field " + fields.size());
            }
        }
        if (fields.size() != 4) {
            throw malformed(start, "expected 4 fields (line,column,reason,raw), found " + fields.size());
        }
        try {
            return new RejectsPage.Row(Long.parseLong(fields.get(0)), fields.get(1), fields.get(2), fields.get(3));
        } catch (NumberFormatException e) {
            throw malformed(start, "the line number '" + fields.get(0) + "' is not a number");
        }
    }

    private String field(Bytes bytes, long start) throws IOException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        if (bytes.peek() != '"') {
            while (bytes.peek() >= 0 && bytes.peek() != ',' && bytes.peek() != '\n') {
                value.write(bytes.next());
            }
            return value.toString(StandardCharsets.UTF_8);
        }
        bytes.next();
        while (true) {
            int b = bytes.next();
            if (b < 0) {
                throw malformed(start, "a quoted field does not end");
            }
            if (b == '"') {
                if (bytes.peek() != '"') {
                    return value.toString(StandardCharsets.UTF_8);
                }
                bytes.next();
            }
            value.write(b);
        }
    }

    private MalformedRejectsException malformed(long offset, String why) {
        return new MalformedRejectsException(name + " at byte " + offset + ": " + why);
    }

    static final class MalformedRejectsException extends RuntimeException {
        MalformedRejectsException(String message) {
            super(message);
        }
    }

    /** One byte of look-ahead over the reader, counting the position. */
    private static final class Bytes {
        private final InputStream in;
        private long position;
        private int ahead = -2;

        Bytes(InputStream in, long position) {
            this.in = in;
            this.position = position;
        }

        int peek() throws IOException {
            if (ahead == -2) {
                ahead = in.read();
            }
            return ahead;
        }

        int next() throws IOException {
            int b = peek();
            ahead = -2;
            if (b >= 0) {
                position++;
            }
            return b;
        }
    }
}
