package dev.sluice.processor.internal.csv;

/** Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private Utf8() {}

    static boolean isValid(byte[] b, int from, int to) {
        int p = from;
        while (p < to) {
            int c = b[p];
            if (c >= 0) {
                p++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false;
            }
            if (c < 0xE0) {
                if (p + 1 >= to || !continuation(b[p + 1])) {
                    return false;
                }
                p += 2;
            } else if (c < 0xF0) {
                if (p + 2 >= to || !continuation(b[p + 1]) || !continuation(b[p + 2])) {
                    return false;
                }
                int second = b[p + 1] & 0xFF;
                if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F)) {
                    return false;
                }
                p += 3;
            } else if (c < 0xF5) {
                if (p + 3 >= to || !continuation(b[p + 1]) || !continuation(b[p + 2]) || !continuation(b[p + 3])) {
                    return false;
                }
                int second = b[p + 1] & 0xFF;
                if ((c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
                    return false;
                }
                p += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
