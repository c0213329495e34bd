package dev.sluice.batch.contract;

import java.util.List;

/**
 * One column of a file the table cannot take as it is.
 *
 * @param tableType the table's type of the column, or how the table lacks it
 * @param fileType the file's type of the column
 */
record Refusal(String column, String tableType, String fileType) {

    @Override
    public String toString() {
        return "column '" + column + "' is " + tableType + ", the file has " + fileType;
    }

    static String join(List<Refusal> refusals) {
        return String.join("; ", refusals.stream().map(Refusal::toString).toList());
    }
}
