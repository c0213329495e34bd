package dev.sluice.controlplane.tables;

import java.util.List;

/**
 * The first rows of a run's output, read from its Parquet files in the order of the run's files.
 * Values are text as Athena shows them; null is null, distinct from the empty string.
 *
 * @param columnsTotal the columns the output has; {@code columns} holds at most the configured cap
 * @param rows each row's values in {@code columns}' order
 * @param truncated the values cut to the configured length (the value ends in {@code …})
 * @param notes what the preview left out, in words (columns over the cap, values cut)
 * @param more whether the output holds rows after these
 */
public record RunPreview(
        long runId,
        String table,
        List<Column> columns,
        int columnsTotal,
        List<List<String>> rows,
        List<Cell> truncated,
        List<String> files,
        List<String> notes,
        boolean more) {

    /** A column of the output with its Athena type. */
    public record Column(String name, String type) {}

    /** A value that was cut: its row and column in {@code rows}, and its length in characters. */
    public record Cell(int row, int column, int length) {}
}
