package dev.sluice.processor.internal.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.PlainReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop's codec classes (parquet-hadoop's own factory instantiates
 * Hadoop {@code CompressionCodec}s): snappy-java and zstd-jni, both already dependencies of
 * parquet-hadoop, called directly on byte arrays. One factory per writer; not thread-safe.
 */
public final class CodecFactory implements CompressionCodecFactory {

    /**
     * Read options for Sluice's readers of Parquet (the rewrite, the control plane's preview): no
     * Hadoop class, these codecs. Decompression keeps no state, so one instance serves every reader.
     */
    public static final ParquetReadOptions READ_OPTIONS = PlainReadOptions.with(new CodecFactory());

    /** What parquet-java uses by default ({@code parquet.compression.codec.zstd.level}). */
    static final int ZSTD_LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        switch (codecName) {
            case SNAPPY:
                return new ArrayCompressor(codecName) {
                    @Override
                    int maxLength(int length) {
                        return Snappy.maxCompressedLength(length);
                    }

                    @Override
                    int compress(byte[] in, int length, byte[] out) throws IOException {
                        return Snappy.compress(in, 0, length, out, 0);
                    }
                };
            case ZSTD:
                return new ArrayCompressor(codecName) {
                    @Override
                    int maxLength(int length) {
                        return (int) Zstd.compressBound(length);
                    }

                    @Override
                    int compress(byte[] in, int length, byte[] out) {
                        long n = Zstd.compressByteArray(out, 0, out.length, in, 0, length, ZSTD_LEVEL);
                        if (Zstd.isError(n)) {
                            throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
                        }
                        return (int) n;
                    }
                };
            case UNCOMPRESSED:
                return new BytesInputCompressor() {
                    @Override
                    public BytesInput compress(BytesInput bytes) {
                        return bytes;
                    }

                    @Override
                    public CompressionCodecName getCodecName() {
                        return CompressionCodecName.UNCOMPRESSED;
                    }

                    @Override
                    public void release() {}
                };
            default:
                throw new IllegalArgumentException("unsupported compression " + codecName);
        }
    }

    /** The codecs Sluice writes, and gzip, which costs nothing to read too. */
    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case SNAPPY ->
                new ArrayDecompressor() {
                    @Override
                    void decompress(byte[] in, byte[] out) throws IOException {
                        Snappy.uncompress(in, 0, in.length, out, 0);
                    }
                };
            case ZSTD ->
                new ArrayDecompressor() {
                    @Override
                    void decompress(byte[] in, byte[] out) {
                        long n = Zstd.decompressByteArray(out, 0, out.length, in, 0, in.length);
                        if (Zstd.isError(n)) {
                            throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
                        }
                    }
                };
            case UNCOMPRESSED ->
                new ArrayDecompressor() {
                    @Override
                    void decompress(byte[] in, byte[] out) {
                        System.arraycopy(in, 0, out, 0, Math.min(in.length, out.length));
                    }
                };
            case GZIP ->
                new ArrayDecompressor() {
                    @Override
                    void decompress(byte[] in, byte[] out) throws IOException {
                        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in))) {
                            int n = gzip.readNBytes(out, 0, out.length);
                            if (n != out.length) {
                                throw new IOException("gzip page holds " + n + " bytes, its header says " + out.length);
                            }
                        }
                    }
                };
            default ->
                throw new UnsupportedOperationException(
                        "pages compressed with " + codecName + " cannot be read here (snappy, zstd, gzip or none)");
        };
    }

    @Override
    public void release() {}

    /** Compresses a page held in one reusable array into another. */
    private abstract static class ArrayCompressor implements BytesInputCompressor {
        private final CompressionCodecName name;
        private final PageBuffer input = new PageBuffer();
        private byte[] output = new byte[0];

        ArrayCompressor(CompressionCodecName name) {
            this.name = name;
        }

        abstract int maxLength(int length);

        abstract int compress(byte[] in, int length, byte[] out) throws IOException;

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            input.reset();
            bytes.writeAllTo(input);
            int length = input.size();
            int bound = maxLength(length);
            if (output.length < bound) {
                output = new byte[Math.max(bound, output.length * 2)];
            }
            int n = compress(input.array(), length, output);
            return BytesInput.from(output, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public void release() {
            output = new byte[0];
        }
    }

    /** Decompresses a page into a new array of its known uncompressed size. */
    private abstract static class ArrayDecompressor implements BytesInputDecompressor {

        abstract void decompress(byte[] in, byte[] out) throws IOException;

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] out = new byte[uncompressedSize];
            decompress(bytes.toByteArray(), out);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(
                java.nio.ByteBuffer input, int compressedSize, java.nio.ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            byte[] out = new byte[uncompressedSize];
            decompress(in, out);
            output.put(out);
        }

        @Override
        public void release() {}
    }

    /** A byte array output stream that lends its array instead of copying it. */
    private static final class PageBuffer extends ByteArrayOutputStream {
        byte[] array() {
            return buf;
        }
    }
}
