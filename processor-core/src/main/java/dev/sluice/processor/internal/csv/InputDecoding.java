package dev.sluice.processor.internal.csv;

import dev.sluice.processor.SourceCompression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Opens a CSV file as UTF-8: decompresses gzip, zstd and bzip2 files as they are read (see {@link
 * SourceInput}), detects byte order marks (UTF-8, UTF-16, UTF-32), UTF-16 without a mark,
 * single-byte Windows-1252 text, and refuses binary files after reading their first bytes. All of
 * it looks at the decompressed bytes, so the dialect sniffer sees the text, never the compressed
 * bytes.
 */
public final class InputDecoding {

    /** How much of the start of a file is examined (and handed to the sniffer). */
    public static final int HEAD_BYTES = 64 << 10;

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private InputDecoding() {}

    public static DecodedInput open(Path file, Optional<Charset> forced) throws IOException {
        SourceInput raw = SourceInput.open(file);
        try {
            byte[] head = raw.readNBytes(HEAD_BYTES);
            if (head.length == 0) {
                throw new MalformedCsvException(
                        raw.compression() == SourceCompression.NONE
                                ? "the file is empty (0 bytes)"
                                : "the file is " + raw.compression().label() + "-compressed and holds nothing (0 bytes"
                                        + " once decompressed)",
                        0);
            }
            refuseKnownFormats(head, raw.compression());
            Bom bom = Bom.of(head);
            Charset charset;
            if (forced.isPresent()) {
                charset = forced.get();
                if (bom != null && !bom.charset.equals(charset)) {
                    bom = null;
                }
            } else if (bom != null) {
                charset = bom.charset;
            } else {
                charset = guess(head);
            }
            int skip = bom == null ? 0 : bom.length;
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(head, skip, head.length - skip), raw);
            if (charset.equals(StandardCharsets.UTF_8)) {
                byte[] text = Arrays.copyOfRange(head, skip, head.length);
                refuseBinary(text);
                return new DecodedInput(all, text, charset, bom != null, raw);
            }
            InputStream utf8 = new Utf8TranscodingInputStream(all, charset);
            byte[] text = utf8.readNBytes(HEAD_BYTES);
            refuseBinary(text);
            InputStream replay = new SequenceInputStream(new ByteArrayInputStream(text), utf8);
            return new DecodedInput(replay, text, charset, bom != null, raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static Charset guess(byte[] head) {
        Charset utf16 = utf16WithoutBom(head);
        if (utf16 != null) {
            return utf16;
        }
        return looksLikeSingleByteText(head) ? WINDOWS_1252 : StandardCharsets.UTF_8;
    }

    /** ASCII text in UTF-16 has a zero in every other byte. */
    private static Charset utf16WithoutBom(byte[] head) {
        int n = Math.min(head.length, 4096) & ~1;
        if (n < 4) {
            return null;
        }
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < n; i += 2) {
            if (head[i] == 0) {
                evenZeros++;
            }
            if (head[i + 1] == 0) {
                oddZeros++;
            }
        }
        int pairs = n / 2;
        if (evenZeros > pairs * 0.9 && oddZeros == 0) {
            return StandardCharsets.UTF_16BE;
        }
        if (oddZeros > pairs * 0.9 && evenZeros == 0) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /**
     * Bytes above 0x7F that never form a valid UTF-8 sequence mean a single-byte encoding; one
     * valid multi-byte sequence means UTF-8 (then stray bytes are rejected row by row).
     */
    private static boolean looksLikeSingleByteText(byte[] head) {
        int end = head.length;
        // a multi-byte character cut by the end of the sample is not evidence
        if (end == HEAD_BYTES) {
            end = Math.max(0, end - 4);
        }
        boolean invalid = false;
        int p = 0;
        while (p < end) {
            if (head[p] >= 0) {
                p++;
                continue;
            }
            int len = sequenceLength(head, p, end);
            if (len > 0) {
                return false;
            }
            invalid = true;
            p++;
        }
        return invalid;
    }

    private static int sequenceLength(byte[] b, int p, int end) {
        int c = b[p] & 0xFF;
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (len == 0 || p + len > end) {
            return 0;
        }
        return Utf8.isValid(b, p, p + len) ? len : 0;
    }

    /** Formats that are not CSV but are often mistaken for it, found from their first bytes. */
    private static void refuseKnownFormats(byte[] text, SourceCompression compression) {
        String inside = compression == SourceCompression.NONE
                ? "the file is "
                : "the file is " + compression.label() + "-compressed; inside is ";
        if (text.length >= 2 && (text[0] & 0xFF) == 0x1F && (text[1] & 0xFF) == 0x8B) {
            // gzip itself is read; only a member that is not deflate, or gzip inside gzip, gets here
            throw new MalformedCsvException(inside + "gzip data compressed twice or not with deflate, not CSV text", 0);
        }
        if (text.length >= 6
                && (text[0] & 0xFF) == 0xFD
                && text[1] == '7'
                && text[2] == 'z'
                && text[3] == 'X'
                && text[4] == 'Z'
                && text[5] == 0) {
            throw new MalformedCsvException(
                    inside + "xz-compressed data, which Sluice does not read (it reads gzip, zstd and bzip2)", 0);
        }
        if (text.length >= 4 && text[0] == 'P' && text[1] == 'K' && text[2] == 3 && text[3] == 4) {
            throw new MalformedCsvException(
                    inside + "a ZIP archive, not CSV text (Sluice reads gzip, zstd and bzip2, one file each)", 0);
        }
        if (text.length >= 262 && new String(text, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw new MalformedCsvException(inside + "a tar archive, not CSV text", 0);
        }
        if (text.length >= 4 && text[0] == 'P' && text[1] == 'A' && text[2] == 'R' && text[3] == '1') {
            throw new MalformedCsvException(inside + "already Parquet, not CSV text", 0);
        }
    }

    private static void refuseBinary(byte[] text) {
        int controls = 0;
        for (int i = 0; i < text.length; i++) {
            int c = text[i];
            if (c == 0) {
                throw new MalformedCsvException(
                        "the file is binary, not CSV text (a zero byte at offset " + i + ")", 0);
            }
            if (c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                controls++;
            }
        }
        if (controls > 8 && controls > text.length / 100) {
            throw new MalformedCsvException(
                    "the file is binary, not CSV text (" + controls + " control characters in its first " + text.length
                            + " bytes)",
                    0);
        }
    }

    private record Bom(Charset charset, int length) {
        static Bom of(byte[] h) {
            int b0 = h[0] & 0xFF;
            int b1 = h.length > 1 ? h[1] & 0xFF : -1;
            int b2 = h.length > 2 ? h[2] & 0xFF : -1;
            int b3 = h.length > 3 ? h[3] & 0xFF : -1;
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                return new Bom(StandardCharsets.UTF_8, 3);
            }
            if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
                return new Bom(UTF_32BE, 4);
            }
            if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
                return new Bom(UTF_32LE, 4);
            }
            if (b0 == 0xFE && b1 == 0xFF) {
                return new Bom(StandardCharsets.UTF_16BE, 2);
            }
            if (b0 == 0xFF && b1 == 0xFE) {
                return new Bom(StandardCharsets.UTF_16LE, 2);
            }
            return null;
        }
    }
}
