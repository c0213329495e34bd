package dev.sluice.processor.internal;

import dev.sluice.processor.Dialect;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first records of a file: the schema they suggest (the conversion then checks it against
 * every record, unless {@code wholeFile}: the sample was the whole file) and the columns whose
 * values are mostly distinct, which get no dictionary.
 */
record Sample(Dialect dialect, List<String> header, Schema schema, Set<String> plainColumns, boolean wholeFile) {

    static final int ROWS = 20_000;
    private static final int MIN_VALUES_FOR_DICTIONARY_CHOICE = 1000;
    private static final double PLAIN_ABOVE_DISTINCT_RATIO = 0.3;

    static Sample of(Path csv, Settings settings, NullTokens nulls) throws IOException {
        try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
            SchemaInference inference = new SchemaInference(file.header);
            int n = file.header.size();
            DistinctCounter[] distinct = new DistinctCounter[n];
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                distinct[i] = new DistinctCounter();
            }
            CsvScanner sc = file.scanner;
            byte[] scratch = new byte[1024];
            int rows = 0;
            boolean more;
            while ((more = file.nextRecord()) && rows < ROWS) {
                rows++;
                if (sc.fieldCount() != n || sc.invalidUtf8Field() >= 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    byte[] b = sc.buffer();
                    int s = sc.start(i);
                    int e = sc.end(i);
                    if (sc.needsCopy(i)) {
                        if (scratch.length < e - s) {
                            scratch = new byte[e - s];
                        }
                        b = scratch;
                        s = 0;
                        e = sc.copyValue(i, scratch, 0);
                    }
                    if (nulls.isNull(b, s, e)) {
                        inference.column(i).acceptNull();
                    } else {
                        inference.column(i).accept(b, s, e);
                        values[i]++;
                        distinct[i].add(hash(b, s, e));
                    }
                }
            }
            Schema schema = inference.schema();
            Set<String> plain = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                if (values[i] >= MIN_VALUES_FOR_DICTIONARY_CHOICE
                        && distinct[i].size() > values[i] * PLAIN_ABOVE_DISTINCT_RATIO) {
                    plain.add(schema.column(i).name());
                }
            }
            return new Sample(file.dialect, file.header, schema, plain, !more);
        }
    }

    private static long hash(byte[] b, int s, int e) {
        long h = 1125899906842597L;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 29);
    }
}
