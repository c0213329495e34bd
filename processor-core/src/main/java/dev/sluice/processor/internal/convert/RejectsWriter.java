package dev.sluice.processor.internal.convert;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rejects CSV: {@code line,column,reason,raw}, one row per rejected record; {@code raw} holds
 * the record's bytes exactly as read (quoted, quotes doubled), so nothing is lost.
 */
public final class RejectsWriter implements RejectSink {

    private final OutputStream out;

    public RejectsWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 << 10);
        out.write("line,column,reason,raw\n".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(long line, String column, String reason, byte[] raw) throws IOException {
        out.write(Long.toString(line).getBytes(StandardCharsets.US_ASCII));
        out.write(',');
        quoted(column.getBytes(StandardCharsets.UTF_8));
        out.write(',');
        quoted(reason.getBytes(StandardCharsets.UTF_8));
        out.write(',');
        quoted(raw);
        out.write('\n');
    }

    private void quoted(byte[] value) throws IOException {
        out.write('"');
        int from = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '"') {
                out.write(value, from, i + 1 - from);
                out.write('"');
                from = i + 1;
            }
        }
        out.write(value, from, value.length - from);
        out.write('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
