package dev.sluice.batch.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rows of a combined Parquet file are which source file's, as its footer says under {@link
 * #KEY}: one line per file, {@code fileId TAB firstRow TAB rows TAB uri}. The footer, not the run
 * report, is what a later reprocess trusts: it is rewritten with the file, so after one of its
 * files' rows are removed it no longer lists that file, and a retry finds nothing more to remove.
 */
public final class CombinedFiles {

    public static final String KEY = "sluice.files";

    private CombinedFiles() {}

    /** Rows {@code [firstRow, firstRow + rows)} of the combined file are file {@code fileId}'s. */
    public record Entry(long fileId, long firstRow, long rows, String uri) {}

    public static String format(List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries) {
            s.append(e.fileId())
                    .append('\t')
                    .append(e.firstRow())
                    .append('\t')
                    .append(e.rows())
                    .append('\t')
                    .append(e.uri().replace('\t', ' ').replace('\n', ' '))
                    .append('\n');
        }
        return s.toString();
    }

    /** @throws IllegalArgumentException naming {@code source} and the line at fault */
    public static List<Entry> parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", 4);
            try {
                entries.add(new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": footer " + KEY + " line " + (i + 1)
                        + " is not fileId, firstRow, rows, uri: " + lines[i]);
            }
        }
        return entries;
    }
}
