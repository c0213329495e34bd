package dev.sluice.controlplane.tables;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression without Hadoop's codec classes: snappy-java and zstd-jni (dependencies of
 * parquet-hadoop already) and the JDK's gzip, on byte arrays. Sluice writes snappy, zstd or
 * uncompressed pages; gzip costs nothing to read too. Reading only: this factory compresses nothing.
 */
final class ReadCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED ->
                new Decompressor(codec) {
                    @Override
                    byte[] decompress(byte[] in, int size) {
                        return in;
                    }
                };
            case SNAPPY ->
                new Decompressor(codec) {
                    @Override
                    byte[] decompress(byte[] in, int size) throws IOException {
                        byte[] out = new byte[size];
                        Snappy.uncompress(in, 0, in.length, out, 0);
                        return out;
                    }
                };
            case ZSTD ->
                new Decompressor(codec) {
                    @Override
                    byte[] decompress(byte[] in, int size) {
                        return Zstd.decompress(in, size);
                    }
                };
            case GZIP ->
                new Decompressor(codec) {
                    @Override
                    byte[] decompress(byte[] in, int size) throws IOException {
                        try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
                            return gzip.readNBytes(size);
                        }
                    }
                };
            default -> throw new UnsupportedCodec(codec);
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the control plane reads Parquet; it writes none");
    }

    @Override
    public void release() {}

    /** A page compressed with a codec this reader does not have. */
    static final class UnsupportedCodec extends RuntimeException {
        UnsupportedCodec(CompressionCodecName codec) {
            super("pages compressed with " + codec + " cannot be read here (snappy, zstd, gzip or none)");
        }
    }

    private abstract static class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        abstract byte[] decompress(byte[] in, int size) throws IOException;

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] out = decompress(bytes.toByteArray(), uncompressedSize);
            if (out.length != uncompressedSize) {
                throw new IOException(
                        codec + " page holds " + out.length + " bytes, its header says " + uncompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
        }

        @Override
        public void release() {}
    }
}
