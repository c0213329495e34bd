package dev.sluice.processor.internal.text;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Matches field bytes against the tokens that mean "no value". */
public final class NullTokens {

    private final byte[][] tokens;
    private final long lengths;
    private final boolean empty;
    /** Bit per first byte of a token: most values are told apart by their first byte. */
    private final long[] firstBytes = new long[4];

    public NullTokens(Collection<String> tokens) {
        this.tokens = new byte[tokens.size()][];
        long mask = 0;
        boolean hasEmpty = false;
        int i = 0;
        for (String token : tokens) {
            byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
            this.tokens[i++] = bytes;
            if (bytes.length > 0) {
                firstBytes[(bytes[0] & 0xFF) >> 6] |= 1L << (bytes[0] & 63);
            }
            if (bytes.length == 0) {
                hasEmpty = true;
            } else if (bytes.length < 64) {
                mask |= 1L << bytes.length;
            } else {
                mask |= 1L << 63;
            }
        }
        this.lengths = mask;
        this.empty = hasEmpty;
    }

    public boolean isNull(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 0) {
            return empty;
        }
        if ((lengths & (1L << Math.min(len, 63))) == 0) {
            return false;
        }
        int first = b[start] & 0xFF;
        if ((firstBytes[first >> 6] & (1L << (first & 63))) == 0) {
            return false;
        }
        for (byte[] token : tokens) {
            if (token.length == len && matches(token, b, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] token, byte[] b, int start) {
        for (int i = 0; i < token.length; i++) {
            if (token[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }
}
