package dev.sluice.processor.internal.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * PLAIN encoding of INT32, INT64, DOUBLE and BINARY values into one array reused page after page.
 * parquet-java's {@code PlainValuesWriter} goes through {@code LittleEndianDataOutputStream},
 * which writes each number a byte at a time into a slab stream; here a number is one
 * little-endian store. The bytes are the same. {@link #getBytes()} lends the array: the page
 * writer compresses and copies it before the next {@link #reset()}.
 */
final class ArrayPlainValuesWriter extends ValuesWriter {

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] NONE = new byte[0];

    private byte[] buf = NONE;
    private int size;
    private final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) {
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
    };

    private void ensure(int more) {
        if (buf.length - size < more) {
            // from 1 KB, not a page's worth: every column of a wide file has one of these
            buf = Arrays.copyOf(buf, Math.max(Math.max(buf.length * 2, 1 << 10), size + more));
        }
    }

    @Override
    public void writeInteger(int v) {
        ensure(4);
        INTS.set(buf, size, v);
        size += 4;
    }

    @Override
    public void writeLong(long v) {
        ensure(8);
        LONGS.set(buf, size, v);
        size += 8;
    }

    @Override
    public void writeDouble(double v) {
        ensure(8);
        DOUBLES.set(buf, size, v);
        size += 8;
    }

    @Override
    public void writeBytes(Binary v) {
        int length = v.length();
        ensure(4 + length);
        INTS.set(buf, size, length);
        size += 4;
        try {
            v.writeTo(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink is an array
        }
    }

    /** The same as {@link #writeBytes(Binary)} of those bytes, without a {@code Binary}. */
    void writeBytes(byte[] b, int start, int length) {
        ensure(4 + length);
        INTS.set(buf, size, length);
        size += 4;
        System.arraycopy(b, start, buf, size, length);
        size += length;
    }

    @Override
    public long getBufferedSize() {
        return size;
    }

    @Override
    public BytesInput getBytes() {
        return BytesInput.from(buf, 0, size);
    }

    @Override
    public Encoding getEncoding() {
        return Encoding.PLAIN;
    }

    @Override
    public void reset() {
        size = 0;
    }

    @Override
    public void close() {
        buf = NONE;
        size = 0;
    }

    @Override
    public long getAllocatedSize() {
        return buf.length;
    }

    @Override
    public String memUsageString(String prefix) {
        return prefix + " plain " + size + "/" + buf.length + " bytes";
    }
}
