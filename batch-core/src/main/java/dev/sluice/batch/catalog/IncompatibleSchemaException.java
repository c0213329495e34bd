package dev.sluice.batch.catalog;

import java.util.List;

/** A batch whose columns the table cannot take; the message names each column, its old and new type. */
public class IncompatibleSchemaException extends RuntimeException {

    /** One column that cannot keep its type: in the table {@code tableType}, in the batch {@code batchType}. */
    public record Conflict(String column, String tableType, String batchType) {
        @Override
        public String toString() {
            return "column '" + column + "' is " + tableType + " in the table, this batch needs " + batchType;
        }
    }

    private final List<Conflict> conflicts;

    public IncompatibleSchemaException(String table, List<Conflict> conflicts) {
        super("table " + table + ": incompatible type change, nothing was written: "
                + String.join("; ", conflicts.stream().map(Conflict::toString).toList()));
        this.conflicts = List.copyOf(conflicts);
    }

    public IncompatibleSchemaException(String message) {
        super(message);
        this.conflicts = List.of();
    }

    /** The same refusal, its message with {@code detail} added (which files brought the conflicts). */
    public IncompatibleSchemaException withDetail(String detail) {
        return new IncompatibleSchemaException(conflicts, getMessage() + " (" + detail + ")");
    }

    protected IncompatibleSchemaException(List<Conflict> conflicts, String message) {
        super(message);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }
}
