package dev.sluice.processor.internal;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnProfile;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.infer.ColumnInference;
import dev.sluice.processor.internal.infer.ColumnNames;
import dev.sluice.processor.internal.text.NullTokens;
import dev.sluice.processor.internal.text.NumberSyntax;
import dev.sluice.processor.internal.text.TemporalSyntax;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The typing pass: reads every record of a file and lets each column's {@link ColumnInference}
 * see every value. Records the conversion will reject (wrong field count, undecodable text) are
 * counted and left out, so they cannot widen a type.
 */
final class SchemaInference {

    private final List<String> originals;
    private ColumnInference[] columns;
    private long rows;
    private long badRows;

    SchemaInference(List<String> originals) {
        this.originals = new ArrayList<>(originals);
        NumberSyntax number = new NumberSyntax();
        TemporalSyntax temporal = new TemporalSyntax();
        this.columns = new ColumnInference[originals.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ColumnInference(number, temporal);
        }
    }

    static SchemaInference of(CsvFile file, NullTokens nulls, Settings settings) throws IOException {
        SchemaInference inference = new SchemaInference(file.header);
        inference.read(file, nulls, settings);
        return inference;
    }

    private void read(CsvFile file, NullTokens nulls, Settings settings) throws IOException {
        CsvScanner sc = file.scanner;
        int n = columns.length;
        byte[] scratch = new byte[1024];
        long nextProgress = Progress.STEP;
        while (file.nextRecord()) {
            rows++;
            if (sc.fieldCount() != n || sc.invalidUtf8Field() >= 0) {
                badRows++;
                continue;
            }
            byte[] buf = sc.buffer();
            for (int i = 0; i < n; i++) {
                byte[] b = buf;
                int s = sc.start(i);
                int e = sc.end(i);
                if (sc.needsCopy(i)) {
                    if (scratch.length < e - s) {
                        scratch = new byte[Math.max(e - s, scratch.length * 2)];
                    }
                    b = scratch;
                    s = 0;
                    e = sc.copyValue(i, scratch, 0);
                }
                if (nulls.isNull(b, s, e)) {
                    columns[i].acceptNull();
                } else {
                    columns[i].accept(b, s, e);
                }
            }
            if (file.position() >= nextProgress) {
                settings.progress().progress("infer", file.position(), file.size);
                nextProgress = file.position() + Progress.STEP;
            }
        }
    }

    /**
     * Folds another file's findings in, column by column of the same original name; columns only
     * the other file has are appended.
     */
    void merge(SchemaInference other) {
        List<String> keys = ColumnKeys.of(originals);
        List<String> otherKeys = ColumnKeys.of(other.originals);
        for (int i = 0; i < other.columns.length; i++) {
            int j = keys.indexOf(otherKeys.get(i));
            if (j >= 0) {
                columns[j].merge(other.columns[i]);
            } else {
                originals.add(other.originals.get(i));
                columns = java.util.Arrays.copyOf(columns, columns.length + 1);
                columns[columns.length - 1] = other.columns[i];
            }
        }
        rows += other.rows;
        badRows += other.badRows;
    }

    ColumnInference column(int index) {
        return columns[index];
    }

    List<String> originals() {
        return List.copyOf(originals);
    }

    /** Everything seen, as bytes another process can {@link #fromBytes} and merge. */
    byte[] toBytes() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(originals.size());
            for (String name : originals) {
                // not writeUTF: a header name may be longer than its 64 KB
                byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeLong(rows);
            out.writeLong(badRows);
            for (ColumnInference column : columns) {
                column.writeTo(out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SchemaInference fromBytes(byte[] bytes) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                names.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            }
            SchemaInference inference = new SchemaInference(names);
            inference.rows = in.readLong();
            inference.badRows = in.readLong();
            NumberSyntax number = new NumberSyntax();
            TemporalSyntax temporal = new TemporalSyntax();
            for (int i = 0; i < n; i++) {
                inference.columns[i] = ColumnInference.readFrom(in, number, temporal);
            }
            return inference;
        } catch (IOException e) {
            throw new IllegalArgumentException("not the type evidence of a range: " + e.getMessage(), e);
        }
    }

    long rows() {
        return rows;
    }

    long badRows() {
        return badRows;
    }

    Schema schema() {
        List<String> names = ColumnNames.assign(originals);
        List<Column> result = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            result.add(new Column(originals.get(i), names.get(i), columns[i].type(), columns[i].slashDateOrder()));
        }
        return new Schema(result);
    }

    List<ColumnProfile> profiles() {
        Schema schema = schema();
        List<ColumnProfile> result = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            result.add(new ColumnProfile(
                    schema.column(i), columns[i].nullCount(), Optional.ofNullable(columns[i].example())));
        }
        return result;
    }
}
