package dev.sluice.controlplane.executor;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import java.util.Optional;
import org.apache.iceberg.Table;

/** Embedded pipelines' tables, in the JDBC catalog on the control plane's database. */
final class EmbeddedIcebergTables implements IcebergTables {

    private final EmbeddedIceberg iceberg;
    private final LocalObjectStore store;

    EmbeddedIcebergTables(EmbeddedIceberg iceberg, LocalObjectStore store) {
        this.iceberg = iceberg;
        this.store = store;
    }

    @Override
    public Optional<Table> table(Pipeline p) {
        var out = p.settings().output();
        ObjectLocation output = ObjectLocation.parse(store.uri(new Location(out.bucket(), out.prefix())));
        return iceberg.table(
                        output,
                        p.settings().job().database(),
                        p.settings().job().table())
                .table();
    }
}
