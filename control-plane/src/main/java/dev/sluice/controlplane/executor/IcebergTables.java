package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.pipelines.Pipeline;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * The Iceberg table of a pipeline with {@code output.format: iceberg}, loaded through the catalog
 * its runs commit to: what readers of the table see, metadata included.
 */
public interface IcebergTables {

    /** The table as the catalog has it now; empty when no run has created it yet. */
    Optional<Table> table(Pipeline pipeline);
}
