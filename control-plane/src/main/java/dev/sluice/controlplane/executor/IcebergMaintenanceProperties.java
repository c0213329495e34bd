package dev.sluice.controlplane.executor;

import dev.sluice.batch.iceberg.IcebergMaintenance;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The embedded upkeep of Iceberg tables ({@code sluice.iceberg.maintenance.*}): every {@code
 * interval}, partitions with {@code min-small-files} files under {@code target-file-size} are
 * compacted, then snapshots older than {@code snapshot-age} expired, the last {@code retain-last}
 * kept. A run's snapshot is how a retried attempt knows the run is in the table, so the age should
 * stay well above how long a run can be retried.
 */
@ConfigurationProperties("sluice.iceberg.maintenance")
record IcebergMaintenanceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("7d") Duration snapshotAge,
        @DefaultValue("100") int retainLast,
        @DefaultValue("128MB") DataSize targetFileSize,
        @DefaultValue("8") int minSmallFiles) {

    IcebergMaintenance.Settings settings() {
        return new IcebergMaintenance.Settings(snapshotAge, retainLast, targetFileSize.toBytes(), minSmallFiles);
    }
}
