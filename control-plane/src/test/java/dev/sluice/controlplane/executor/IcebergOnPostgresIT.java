package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.TestDirs;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Iceberg's JDBC catalog on PostgreSQL: the catalog's tables as migration V87 creates them take
 * the table's creation and one commit per run, two runs of one table committing side by side.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IcebergOnPostgresIT {

    static final String TOKEN = "sluice-iceberg-pg-bootstrap-token-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.postgres(registry);
        registry.add("sluice.home", IcebergOnPostgresIT::home);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.batch-interval", () -> "200ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.pipelines.default.output.format", () -> "iceberg");
        registry.add("sluice.pipelines.default.batch.max-files", () -> "1");
        registry.add("sluice.pipelines.default.batch.max-wait", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    IcebergMaintenanceSchedule maintenance;

    @Autowired
    Pipelines pipelines;

    @Test
    void runsCommitToAnIcebergTableOfTheCatalogOnPostgres() {
        Http admin = Http.to(port).as(TOKEN);
        List<String> keys = List.of("a.csv", "b.csv", "c.csv");
        for (String key : keys) {
            assertThat(admin.upload("default", key, "id\n1\n2\n".getBytes()).status())
                    .isEqualTo(202);
        }
        JdbcClient db = JdbcClient.create(dataSource);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM run_snapshot")
                                .query(Integer.class)
                                .single(),
                        n -> n == keys.size());

        Table table = maintenance.table(pipelines.find("default").orElseThrow()).orElseThrow();
        List<Snapshot> snapshots = new java.util.ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(keys.size());
        assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "6");
        assertThat(db.sql("SELECT table_namespace || '.' || table_name FROM iceberg_tables")
                        .query(String.class)
                        .list())
                .containsExactly("sluice.uploads");
    }

    private static String home() {
        return TestDirs.temporary("sluice-iceberg-pg").toString();
    }
}
