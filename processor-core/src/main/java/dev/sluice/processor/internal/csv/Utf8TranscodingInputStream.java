package dev.sluice.processor.internal.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Re-encodes text of any charset as UTF-8. Bytes the charset cannot decode become the byte 0xFF,
 * which is never valid UTF-8, so the scanner rejects exactly the rows that hold them instead of
 * silently replacing characters.
 */
final class Utf8TranscodingInputStream extends InputStream {

    private static final byte INVALID = (byte) 0xFF;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer inBytes = ByteBuffer.allocate(64 << 10);
    private final CharBuffer chars = CharBuffer.allocate(64 << 10);
    private final byte[] out = new byte[(64 << 10) * 3 + 16];
    private int outPos;
    private int outLimit;
    private boolean inputDone;
    private boolean flushed;
    private int pendingHigh = -1;

    Utf8TranscodingInputStream(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        inBytes.flip();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLimit) {
            if (flushed) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLimit - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    private void fill() throws IOException {
        outPos = 0;
        outLimit = 0;
        if (!inputDone && inBytes.remaining() < 16) {
            inBytes.compact();
            int n = in.read(inBytes.array(), inBytes.position(), inBytes.remaining());
            if (n < 0) {
                inputDone = true;
            } else {
                inBytes.position(inBytes.position() + n);
            }
            inBytes.flip();
        }
        chars.clear();
        CoderResult result = decoder.decode(inBytes, chars, inputDone);
        if (result.isError()) {
            chars.flip();
            encode();
            for (int i = 0; i < result.length(); i++) {
                out[outLimit++] = INVALID;
            }
            inBytes.position(inBytes.position() + result.length());
            return;
        }
        if (inputDone && result.isUnderflow()) {
            decoder.flush(chars);
            if (!inBytes.hasRemaining()) {
                flushed = true;
            }
        }
        chars.flip();
        encode();
        if (flushed && pendingHigh >= 0) {
            out[outLimit++] = INVALID;
            pendingHigh = -1;
        }
    }

    private void encode() {
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (pendingHigh >= 0) {
                if (Character.isLowSurrogate(c)) {
                    int cp = Character.toCodePoint((char) pendingHigh, c);
                    pendingHigh = -1;
                    out[outLimit++] = (byte) (0xF0 | (cp >> 18));
                    out[outLimit++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[outLimit++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[outLimit++] = (byte) (0x80 | (cp & 0x3F));
                    continue;
                }
                out[outLimit++] = INVALID;
                pendingHigh = -1;
            }
            if (c < 0x80) {
                out[outLimit++] = (byte) c;
            } else if (c < 0x800) {
                out[outLimit++] = (byte) (0xC0 | (c >> 6));
                out[outLimit++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (Character.isLowSurrogate(c)) {
                out[outLimit++] = INVALID;
            } else {
                out[outLimit++] = (byte) (0xE0 | (c >> 12));
                out[outLimit++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[outLimit++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
