package dev.sluice.batch.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes bytes into a local file at the offsets they have in an object, so that a task holding a
 * few ranges of a large file keeps them in one file of the object's layout, with holes between.
 */
public final class SparseFile {

    private static final int BUFFER = 1 << 20;

    private SparseFile() {}

    /**
     * Writes what {@code in} gives, up to {@code length} bytes, into {@code target} from
     * {@code position} on, creating the file when absent; returns how many bytes. Writing the same
     * bytes again gives the same file, so a read that is retried from its start may write again.
     */
    public static long write(InputStream in, long length, Path target, long position) throws IOException {
        // positioned writes, not transferFrom: that copies nothing to a position past the end
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            long at = position;
            int n;
            while (at - position < length
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, length - (at - position)))) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    at += out.write(chunk, at);
                }
            }
            return at - position;
        }
    }
}
