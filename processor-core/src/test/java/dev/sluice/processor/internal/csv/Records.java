package dev.sluice.processor.internal.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: all records of some input as lists of strings. */
final class Records {

    private Records() {}

    static List<List<String>> of(String csv) {
        return of(csv.getBytes(StandardCharsets.UTF_8), ',', '"', false, 1 << 20);
    }

    static List<List<String>> of(byte[] csv, char delimiter, char quote, boolean backslash, int bufferBytes) {
        return of(new ByteArrayInputStream(csv), delimiter, quote, backslash, bufferBytes);
    }

    static List<List<String>> of(InputStream in, char delimiter, char quote, boolean backslash, int bufferBytes) {
        List<List<String>> records = new ArrayList<>();
        try (CsvScanner scanner = new CsvScanner(in, delimiter, quote, backslash, 1 << 26, bufferBytes)) {
            while (scanner.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < scanner.fieldCount(); i++) {
                    fields.add(scanner.fieldString(i));
                }
                records.add(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
