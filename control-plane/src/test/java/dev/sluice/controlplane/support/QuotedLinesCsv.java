package dev.sluice.controlplane.support;

import java.nio.charset.StandardCharsets;

/** A CSV of {@code id,tag,note} rows whose note holds a quoted line break every so many rows. */
public final class QuotedLinesCsv {

    private QuotedLinesCsv() {}

    /** {@code rows} rows tagged {@code tag}; every {@code every}-th note is two lines in quotes. */
    public static byte[] of(String tag, int rows, int every) {
        StringBuilder b = new StringBuilder("id,tag,note\n");
        for (int i = 1; i <= rows; i++) {
            b.append(i).append(',').append(tag).append(',');
            b.append(i % every == 0 ? "\"two\nlines " + i + "\"" : "plain " + i).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
