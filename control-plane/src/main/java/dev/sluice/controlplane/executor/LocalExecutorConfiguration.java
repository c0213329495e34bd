package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.runs.JobExecutor;
import dev.sluice.controlplane.storage.LocalObjectStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Embedded mode: runs go on one bounded pool of this process, their file tasks on another, so that
 * a run waiting for its tasks never holds the thread one of them needs.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!aws")
@EnableConfigurationProperties(IcebergMaintenanceProperties.class)
class LocalExecutorConfiguration {

    @Bean(destroyMethod = "shutdown")
    ExecutorService localJobPool(@Value("${sluice.local-executor.threads:2}") int threads) {
        return pool(threads, "sluice-local-job-");
    }

    @Bean
    TaskPool localTaskPool(@Value("${sluice.local-executor.task-threads:2}") int threads) {
        return new TaskPool(pool(threads, "sluice-local-task-"), threads);
    }

    @Bean
    JobExecutor localJobExecutor(
            LocalObjectStore store,
            ExecutorService localJobPool,
            TaskPool tasks,
            Clock clock,
            EmbeddedIceberg iceberg) {
        return new LocalJobExecutor(
                new EmbeddedBatchJob(store, tasks.pool(), tasks.threads(), clock, iceberg), localJobPool, clock);
    }

    /** Iceberg tables of embedded pipelines: the warehouse is the output bucket of the home. */
    @Bean(destroyMethod = "close")
    EmbeddedIceberg embeddedIceberg(DataSource dataSource, LocalObjectStore store) {
        return new EmbeddedIceberg(dataSource, store.root().resolve("output"));
    }

    @Bean
    IcebergTables icebergTables(EmbeddedIceberg iceberg, LocalObjectStore store) {
        return new EmbeddedIcebergTables(iceberg, store);
    }

    @Bean
    IcebergMaintenanceSchedule icebergMaintenance(
            IcebergTables tables, Pipelines pipelines, IcebergMaintenanceProperties properties, Clock clock) {
        return new IcebergMaintenanceSchedule(tables, pipelines, properties, clock);
    }

    private static ExecutorService pool(int threads, String names) {
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new CustomizableThreadFactory(names));
    }

    /**
     * The file tasks' pool, in a type of its own: a second {@code ExecutorService} bean would make
     * every injection of one ambiguous.
     */
    record TaskPool(ExecutorService pool, int threads) implements AutoCloseable {
        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
