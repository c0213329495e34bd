package dev.sluice.controlplane.insights;

import java.util.List;

/**
 * A page of one file's rejected rows, read from its rejects CSV.
 *
 * @param nextCursor the byte offset where the next page starts; null on the last page
 */
public record RejectsPage(
        long runId, int file, String uri, String rejectsUri, long rejectsBytes, List<Row> rows, Long nextCursor) {

    /** One rejected row: its line in the source file, the column at fault (empty: the whole row), why, and its raw text. */
    public record Row(long line, String column, String reason, String raw) {}
}
