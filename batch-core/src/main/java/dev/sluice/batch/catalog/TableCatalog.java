package dev.sluice.batch.catalog;

import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.processor.Schema;

/**
 * The table a run writes into, kept current with every batch: the Glue Data Catalog on AWS, a file
 * under the output in embedded mode. Both plan with {@link TablePlanner}, so both take and refuse
 * the same batches.
 */
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
