package dev.sluice.processor.internal.convert;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rejected rows of one part of a file, kept in a file of their own until the part's first
 * line in the whole file is known; then replayed, in order, into the rejects file with their
 * lines moved by that base. Nothing is held in memory but a buffer.
 */
public final class RejectsSpool implements RejectSink {

    private final Path file;
    private final DataOutputStream out;

    public RejectsSpool(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 << 10));
    }

    @Override
    public void write(long line, String column, String reason, byte[] raw) throws IOException {
        out.writeLong(line);
        bytes(column.getBytes(StandardCharsets.UTF_8));
        bytes(reason.getBytes(StandardCharsets.UTF_8));
        bytes(raw);
    }

    private void bytes(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Writes the spooled rows into {@code rejects}, each at {@code base} plus its line, then deletes the spool. */
    public void replay(RejectsWriter rejects, long base) throws IOException {
        replay(file, rejects, base);
    }

    /** Replays a spool another process wrote (copied here), then deletes it. */
    public static void replay(Path file, RejectsWriter rejects, long base) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 << 10))) {
            while (true) {
                long line;
                try {
                    line = in.readLong();
                } catch (EOFException end) {
                    break;
                }
                String column = new String(bytes(in), StandardCharsets.UTF_8);
                String reason = new String(bytes(in), StandardCharsets.UTF_8);
                byte[] raw = bytes(in);
                rejects.write(base + line, column, reason, raw);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Deletes the spool without replaying it (its part was not kept). */
    public void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover spool beside the temporary output is harmless
        }
    }
}
