package dev.sluice.controlplane.executor;

import dev.sluice.batch.iceberg.IcebergMaintenance;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.manifest.TableOutput;
import java.time.Clock;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Compaction and snapshot expiry of every Iceberg pipeline's table, on a schedule. */
class IcebergMaintenanceSchedule {

    private static final Logger log = LoggerFactory.getLogger(IcebergMaintenanceSchedule.class);

    private final IcebergTables tables;
    private final Pipelines pipelines;
    private final IcebergMaintenanceProperties properties;
    private final Clock clock;

    IcebergMaintenanceSchedule(
            IcebergTables tables, Pipelines pipelines, IcebergMaintenanceProperties properties, Clock clock) {
        this.tables = tables;
        this.pipelines = pipelines;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${sluice.iceberg.maintenance.interval:1h}",
            fixedDelayString = "${sluice.iceberg.maintenance.interval:1h}")
    void run() {
        if (!properties.enabled()) {
            return;
        }
        for (Pipeline p : pipelines.all()) {
            if (p.settings().output().format() != TableOutput.Format.ICEBERG) {
                continue;
            }
            try {
                table(p).ifPresent(t -> IcebergMaintenance.run(t, properties.settings(), clock));
            } catch (RuntimeException e) {
                // a commit that lost to a run is tried again at the next pass
                log.warn("Pipeline {}: Iceberg maintenance did not finish: {}", p.name(), e.getMessage());
            }
        }
    }

    Optional<Table> table(Pipeline p) {
        return tables.table(p);
    }
}
