package dev.sluice.processor.internal;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.infer.ColumnInference;
import dev.sluice.processor.internal.text.NullTokens;
import dev.sluice.processor.internal.text.NumberSyntax;
import dev.sluice.processor.internal.text.TemporalSyntax;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the first record is a header: it is not when every column that the following
 * records type as something other than STRING also accepts the first record's value, and at
 * least one such column exists. So a file of numbers has no header; a file whose first row holds
 * words above numbers, dates or booleans has one; a file of text only is taken to have one.
 */
final class HeaderDetector {

    private static final int SAMPLE_RECORDS = 500;

    private HeaderDetector() {}

    static boolean hasHeader(CsvScanner sample, NullTokens nulls, int maxColumns) throws IOException {
        if (!sample.next()) {
            return true;
        }
        if (sample.fieldCount() > maxColumns) {
            // two inferences per column would follow; the file is refused right after, when its
            // whole first record is read and counted (the sample may hold only part of it)
            return true;
        }
        List<byte[]> first = new ArrayList<>();
        for (int i = 0; i < sample.fieldCount(); i++) {
            byte[] value = new byte[sample.valueLength(i)];
            sample.copyValue(i, value, 0);
            first.add(value);
        }
        NumberSyntax number = new NumberSyntax();
        TemporalSyntax temporal = new TemporalSyntax();
        int n = first.size();
        ColumnInference[] rest = new ColumnInference[n];
        ColumnInference[] all = new ColumnInference[n];
        for (int i = 0; i < n; i++) {
            rest[i] = new ColumnInference(number, temporal);
            all[i] = new ColumnInference(number, temporal);
            byte[] v = first.get(i);
            if (!nulls.isNull(v, 0, v.length)) {
                all[i].accept(v, 0, v.length);
            }
        }
        int records = 0;
        byte[] scratch = new byte[256];
        while (records < SAMPLE_RECORDS && sample.next()) {
            records++;
            if (sample.fieldCount() != n) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                byte[] b = sample.buffer();
                int s = sample.start(i);
                int e = sample.end(i);
                if (sample.needsCopy(i)) {
                    if (scratch.length < e - s) {
                        scratch = new byte[e - s];
                    }
                    b = scratch;
                    s = 0;
                    e = sample.copyValue(i, scratch, 0);
                }
                if (!nulls.isNull(b, s, e)) {
                    rest[i].accept(b, s, e);
                    all[i].accept(b, s, e);
                }
            }
        }
        if (records == 0) {
            return true;
        }
        boolean typedColumn = false;
        for (int i = 0; i < n; i++) {
            ColumnType below = rest[i].type();
            if (below.kind() == ColumnType.Kind.STRING) {
                continue;
            }
            byte[] v = first.get(i);
            if (nulls.isNull(v, 0, v.length)) {
                continue;
            }
            if (all[i].type().kind() == ColumnType.Kind.STRING) {
                return true;
            }
            typedColumn = true;
        }
        return !typedColumn;
    }
}
