package dev.sluice.processor.internal.csv;

import dev.sluice.processor.EscapeStyle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Guesses delimiter, quote character and escape style from the start of a file. The delimiter is
 * the candidate that splits the sample's records into the most consistent number of fields (more
 * than one); the quote is {@code '} only when it encloses fields and {@code "} never does;
 * backslash escaping is chosen when quoted fields hold {@code \"} and never {@code ""}.
 */
public final class DialectSniffer {

    private static final char[] DELIMITERS = {',', '\t', ';', '|'};
    private static final int SAMPLE_RECORDS = 500;

    /** What was found; every part may then be overridden. */
    public record Sniffed(char delimiter, char quote, EscapeStyle escape, String lineEnding) {}

    private DialectSniffer() {}

    public static Sniffed sniff(byte[] head, Character delimiter, Character quote, EscapeStyle escape) {
        byte[] sample = completeLines(head);
        char q = quote != null ? quote : sniffQuote(sample);
        EscapeStyle e = escape != null ? escape : sniffEscape(sample, q);
        char d = delimiter != null ? delimiter : sniffDelimiter(sample, q, e);
        return new Sniffed(d, q, e, lineEnding(sample, q));
    }

    /** Drops a partial last line when the sample was cut from a longer file. */
    private static byte[] completeLines(byte[] head) {
        if (head.length < InputDecoding.HEAD_BYTES) {
            return head;
        }
        for (int i = head.length - 1; i > 0; i--) {
            if (head[i] == '\n' || head[i] == '\r') {
                return Arrays.copyOf(head, i + 1);
            }
        }
        return head;
    }

    private static char sniffDelimiter(byte[] sample, char quote, EscapeStyle escape) {
        char best = ',';
        double bestScore = 0;
        int bestFields = 1;
        for (char candidate : DELIMITERS) {
            Map<Integer, Integer> counts = new HashMap<>();
            int records = 0;
            try (CsvScanner scanner = scanner(sample, candidate, quote, escape)) {
                while (records < SAMPLE_RECORDS && scanner.next()) {
                    counts.merge(scanner.fieldCount(), 1, Integer::sum);
                    records++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MalformedCsvException e) {
                continue;
            }
            if (records == 0) {
                continue;
            }
            int modeFields = 1;
            int modeCount = 0;
            for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
                if (entry.getValue() > modeCount || (entry.getValue() == modeCount && entry.getKey() > modeFields)) {
                    modeFields = entry.getKey();
                    modeCount = entry.getValue();
                }
            }
            if (modeFields < 2) {
                continue;
            }
            double score = (double) modeCount / records;
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && modeFields > bestFields)) {
                best = candidate;
                bestScore = score;
                bestFields = modeFields;
            }
        }
        return best;
    }

    /**
     * Only field counts are looked at: no field's offsets are kept, and the buffer fits the sample
     * (the sample is the decoded head, so a file's first line is never read further than that).
     */
    private static CsvScanner scanner(byte[] sample, char delimiter, char quote, EscapeStyle escape) {
        return new CsvScanner(
                new ByteArrayInputStream(sample),
                delimiter,
                quote,
                escape == EscapeStyle.BACKSLASH,
                1 << 24,
                sample.length + 8,
                1);
    }

    /** Counts fields that a quote character opens at a field start and closes before a field end. */
    private static char sniffQuote(byte[] s) {
        int dq = enclosedFields(s, '"');
        int sq = enclosedFields(s, '\'');
        return sq >= 2 && dq == 0 ? '\'' : '"';
    }

    private static int enclosedFields(byte[] s, char quote) {
        int found = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != quote || (i > 0 && !isBoundary(s[i - 1]))) {
                continue;
            }
            int j = i + 1;
            while (j < s.length && s[j] != quote) {
                j++;
            }
            if (j < s.length && (j + 1 == s.length || isBoundary(s[j + 1]))) {
                found++;
                i = j;
            }
        }
        return found;
    }

    private static boolean isBoundary(byte b) {
        return b == ',' || b == ';' || b == '\t' || b == '|' || b == '\n' || b == '\r';
    }

    private static EscapeStyle sniffEscape(byte[] s, char quote) {
        boolean inQuotes = false;
        int backslashed = 0;
        for (int i = 0; i < s.length; i++) {
            byte c = s[i];
            if (!inQuotes) {
                if (c == quote && (i == 0 || isBoundary(s[i - 1]))) {
                    inQuotes = true;
                }
                continue;
            }
            if (c == '\\' && i + 1 < s.length && s[i + 1] == quote) {
                boolean closes = i + 2 >= s.length || isBoundary(s[i + 2]);
                if (!closes) {
                    backslashed++;
                }
                i++;
            } else if (c == quote) {
                if (i + 1 < s.length && s[i + 1] == quote) {
                    return EscapeStyle.DOUBLED;
                }
                inQuotes = false;
            }
        }
        return backslashed > 0 ? EscapeStyle.BACKSLASH : EscapeStyle.DOUBLED;
    }

    private static String lineEnding(byte[] s, char quote) {
        boolean inQuotes = false;
        for (int i = 0; i < s.length; i++) {
            byte c = s[i];
            if (c == quote) {
                inQuotes = !inQuotes;
            } else if (!inQuotes && c == '\n') {
                return "LF";
            } else if (!inQuotes && c == '\r') {
                return i + 1 < s.length && s[i + 1] == '\n' ? "CRLF" : "CR";
            }
        }
        return "NONE";
    }
}
