package dev.sluice.batch.catalog;

import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.processor.Schema;
import java.util.Optional;

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

    /**
     * Publishes a run's written data files with the plan. A catalog of Hive-style partitions
     * registers the partition the files are already in; a table format with commits (Iceberg) adds
     * the files, and removes the earlier rows of {@link Publication#replaceKeys()}, in one commit.
     */
    default CatalogChange commit(TablePlan plan, String ingestDate, Publication publication) {
        return commit(plan, ingestDate);
    }

    /**
     * What an earlier attempt of the run committed, when this catalog records runs and one did: the
     * run is then in the table and must not be written or committed again.
     */
    default Optional<Publication.Committed> committed(long runId) {
        return Optional.empty();
    }
}
