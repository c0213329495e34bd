package dev.sluice.gluejob.catalog;

import dev.sluice.processor.Schema;

/** The table a run writes into, kept current with every batch. */
public interface TableCatalog {

    /**
     * Checks a batch's schema against the table before anything is written.
     *
     * @throws IncompatibleSchemaException when a column would change type incompatibly; nothing has
     *     been changed then
     */
    TablePlan plan(Schema batch);

    /** Creates the table or adds the plan's new columns, and adds (or refreshes) the partition. */
    CatalogChange commit(TablePlan plan, String ingestDate);
}
