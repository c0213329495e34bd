package dev.sluice.processor.internal.csv;

import dev.sluice.processor.SourceCompression;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * A file's bytes as they were before compression: gzip, zstd and bzip2 files (known by their
 * first bytes) are decompressed as they are read, never whole, so a file of any size takes the
 * same memory. Counts the bytes taken from the file and the bytes handed on; a decompressor's
 * failure becomes a {@link CorruptInputException} naming the compressed offset.
 */
public final class SourceInput extends InputStream {

    private static final int MAGIC_BYTES = 10;
    private static final int BUFFER = 64 << 10;

    private final SourceCompression compression;
    private final long storedSize;
    private final Counting stored;
    private final InputStream decoded;
    private final LongSupplier failureOffset;
    private final boolean exactOffset;
    private final byte[] one = new byte[1];
    private long decodedBytes;

    private SourceInput(
            SourceCompression compression,
            long storedSize,
            Counting stored,
            InputStream decoded,
            LongSupplier failureOffset,
            boolean exactOffset) {
        this.compression = compression;
        this.storedSize = storedSize;
        this.stored = stored;
        this.decoded = decoded;
        this.failureOffset = failureOffset;
        this.exactOffset = exactOffset;
    }

    static SourceInput open(Path file) throws IOException {
        long size = Files.size(file);
        PushbackInputStream raw = new PushbackInputStream(Files.newInputStream(file), MAGIC_BYTES);
        SourceCompression compression = SourceCompression.NONE;
        Counting stored = new Counting(raw);
        try {
            byte[] magic = raw.readNBytes(MAGIC_BYTES);
            raw.unread(magic);
            compression = detect(magic);
            return create(compression, size, stored);
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (compression == SourceCompression.NONE) {
                throw e;
            }
            // a decoder that reads its header at once fails here on a damaged or empty header
            throw corrupt(compression, stored, size, 0, stored.count, false, e);
        }
    }

    private static SourceInput create(SourceCompression compression, long size, Counting stored) throws IOException {
        return switch (compression) {
            case NONE -> new SourceInput(compression, size, stored, stored, () -> stored.count, true);
            case GZIP -> {
                Gzip gzip = new Gzip(stored);
                yield new SourceInput(compression, size, stored, gzip, gzip::consumed, true);
            }
            case ZSTD ->
                // the decoder reads ahead; the offset is where its reading had got to
                new SourceInput(compression, size, stored, new ZstdInputStream(stored), () -> stored.count, false);
            case BZIP2 -> {
                // the bzip2 decoder reads a byte at a time
                BZip2CompressorInputStream bzip2 =
                        new BZip2CompressorInputStream(new BufferedInputStream(stored, BUFFER), true);
                yield new SourceInput(compression, size, stored, bzip2, bzip2::getCompressedCount, true);
            }
        };
    }

    /** gzip: 1F 8B and deflate; zstd: the frame magic 28 B5 2F FD; bzip2: "BZh1".."BZh9" and a block or end marker. */
    static SourceCompression detect(byte[] m) {
        if (m.length >= 3 && u(m, 0) == 0x1F && u(m, 1) == 0x8B && u(m, 2) == 8) {
            return SourceCompression.GZIP;
        }
        if (m.length >= 4 && u(m, 0) == 0x28 && u(m, 1) == 0xB5 && u(m, 2) == 0x2F && u(m, 3) == 0xFD) {
            return SourceCompression.ZSTD;
        }
        if (m.length >= 10 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' && m[3] >= '1' && m[3] <= '9') {
            boolean block = u(m, 4) == 0x31
                    && u(m, 5) == 0x41
                    && u(m, 6) == 0x59
                    && u(m, 7) == 0x26
                    && u(m, 8) == 0x53
                    && u(m, 9) == 0x59;
            boolean end = u(m, 4) == 0x17
                    && u(m, 5) == 0x72
                    && u(m, 6) == 0x45
                    && u(m, 7) == 0x38
                    && u(m, 8) == 0x50
                    && u(m, 9) == 0x90;
            if (block || end) {
                return SourceCompression.BZIP2;
            }
        }
        return SourceCompression.NONE;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    public SourceCompression compression() {
        return compression;
    }

    /** The file's size as stored (compressed, when it is). */
    public long storedSize() {
        return storedSize;
    }

    /** Bytes taken from the file so far (read ahead of what was decompressed). */
    public long storedPosition() {
        return stored.count;
    }

    /** Bytes handed on so far: for a compressed file, decompressed bytes. */
    public long decodedBytes() {
        return decodedBytes;
    }

    @Override
    public int read() throws IOException {
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // a decoder may hand on nothing from a call; only -1 is the end
        }
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = decoded.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            if (compression == SourceCompression.NONE) {
                throw e;
            }
            throw corrupt(e);
        }
        if (n > 0) {
            decodedBytes += n;
        }
        return n;
    }

    private CorruptInputException corrupt(Exception e) {
        return corrupt(compression, stored, storedSize, decodedBytes, failureOffset.getAsLong(), exactOffset, e);
    }

    private static CorruptInputException corrupt(
            SourceCompression compression,
            Counting stored,
            long storedSize,
            long decodedBytes,
            long offset,
            boolean exact,
            Exception e) {
        String format = compression.label();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean truncated = stored.ended
                && (e instanceof EOFException || reason.contains("end of") || reason.contains("Not enough input"));
        if (truncated) {
            return new CorruptInputException(
                    String.format(
                            Locale.ROOT,
                            // damage can also make a decoder read on to the end of the file
                            "the %s data is truncated (or damaged): the file ends at compressed byte %d, after %d"
                                    + " decompressed bytes (%s)",
                            format,
                            storedSize,
                            decodedBytes,
                            reason),
                    e);
        }
        return new CorruptInputException(
                String.format(
                        Locale.ROOT,
                        "the %s data is corrupt %s compressed byte %d of %d, after %d decompressed bytes: %s",
                        format,
                        exact ? "at" : "at or before",
                        Math.min(offset, storedSize),
                        storedSize,
                        decodedBytes,
                        reason),
                e);
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }

    /** Counts what is taken from the file and whether its end was reached. */
    private static final class Counting extends FilterInputStream {
        long count;
        boolean ended;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c < 0) {
                ended = true;
            } else {
                count++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                ended = true;
            } else {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /** The JDK's gzip reader, which reads concatenated members; its inflater tells the exact offset. */
    private static final class Gzip extends GZIPInputStream {
        private final Counting stored;

        Gzip(Counting stored) throws IOException {
            super(stored, BUFFER);
            this.stored = stored;
        }

        long consumed() {
            return stored.count - inf.getRemaining();
        }
    }
}
