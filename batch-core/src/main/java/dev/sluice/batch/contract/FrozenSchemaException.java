package dev.sluice.batch.contract;

import dev.sluice.batch.catalog.IncompatibleSchemaException;
import java.util.List;

/**
 * A batch of a pipeline whose table's schema is frozen brought a change: the run fails with nothing
 * written, and the message names each file, column and both types.
 */
public final class FrozenSchemaException extends IncompatibleSchemaException {

    FrozenSchemaException(String table, List<String> files, List<Conflict> conflicts) {
        super(
                conflicts,
                "table " + table + " is frozen (schema mode freeze), nothing was written: " + String.join("; ", files));
    }
}
