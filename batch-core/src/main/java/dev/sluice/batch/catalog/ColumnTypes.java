package dev.sluice.batch.catalog;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.ColumnType.Kind;
import java.util.Optional;

/** Which batch types a table column of a given catalog type can take. */
public final class ColumnTypes {

    /** Digits of the largest INT and BIGINT. */
    private static final int INT_DIGITS = 10;

    private static final int BIGINT_DIGITS = 19;

    /** Decimals a double gives back unchanged (what processor-core infers DOUBLE for). */
    private static final int DOUBLE_DIGITS = 15;

    private ColumnTypes() {}

    /**
     * The type to write a batch column as, given the table's type for it: the batch's own when the
     * catalog type is the same, the table's when it holds every value of the batch's type unchanged,
     * else empty (an incompatible change).
     */
    public static Optional<ColumnType> writeAs(String tableType, ColumnType batch) {
        ColumnType table;
        try {
            table = ColumnType.parse(tableType);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (table.athenaType().equals(batch.athenaType())) {
            return Optional.of(batch);
        }
        return holds(table, batch) ? Optional.of(table) : Optional.empty();
    }

    private static boolean holds(ColumnType table, ColumnType batch) {
        Kind b = batch.kind();
        return switch (table.kind()) {
            case STRING -> true;
            case BIGINT -> b == Kind.INT;
            case DOUBLE -> b == Kind.INT || (b == Kind.DECIMAL && batch.precision() <= DOUBLE_DIGITS);
            case DECIMAL -> {
                int integerDigits = table.precision() - table.scale();
                yield switch (b) {
                    case INT -> integerDigits >= INT_DIGITS;
                    case BIGINT -> integerDigits >= BIGINT_DIGITS;
                    case DECIMAL ->
                        batch.scale() <= table.scale() && batch.precision() - batch.scale() <= integerDigits;
                    default -> false;
                };
            }
            case TIMESTAMP -> b == Kind.DATE;
            default -> false;
        };
    }
}
