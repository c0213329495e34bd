package dev.sluice.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Parquet;
import dev.sluice.testsupport.Postgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The packaged service is killed with SIGKILL while a burst of files is being ingested and
 * converted, then started again on the same data and database: every file ends in exactly one
 * successful run and the table holds each row once.
 */
class CrashRecoveryE2EIT {

    static final int FILES = 40;
    static final int ROWS = 200;

    @TempDir
    Path home;

    Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void afterSigkillAndRestartEveryFileIsInExactlyOneSuccessfulRun() throws Exception {
        String database = Postgres.shared().newDatabase();
        server = start(database);
        Path input = Files.createDirectories(home.resolve("input"));
        for (int f = 0; f < FILES; f++) {
            int file = f;
            String rows = IntStream.range(0, ROWS)
                    .mapToObj(r -> file + "," + r + ",value " + r)
                    .collect(Collectors.joining("\n", "file,row,text\n", "\n"));
            Files.writeString(input.resolve("burst-" + f + ".csv"), rows);
        }

        try (var connection = DriverManager.getConnection(
                database, Postgres.shared().user(), Postgres.shared().password())) {
            JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions() // the tables appear once the service has migrated the database
                    .until(() -> count(db, "SELECT COUNT(*) FROM run WHERE status IN ('RUNNING', 'SUCCEEDED')") >= 2);
            server.destroyForcibly().waitFor();

            server = start(database);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(db, "SELECT COUNT(*) FROM file_arrival WHERE status = 'PROCESSED'") == FILES);

            assertThat(count(db, "SELECT COUNT(*) FROM file_arrival")).isEqualTo(FILES);
            assertThat(count(db, """
                            SELECT COUNT(*) FROM file_arrival f JOIN run r ON r.id = f.run_id
                            WHERE r.status = 'SUCCEEDED'""")).as("every file in a successful run").isEqualTo(FILES);
        }
        Map<String, Long> rowsPerSource = Parquet.rows(home.resolve("output/uploads/*/*.parquet")).stream()
                .collect(Collectors.groupingBy(r -> r.get("source_file").toString(), Collectors.counting()));
        assertThat(rowsPerSource).hasSize(FILES);
        assertThat(rowsPerSource.values())
                .as("each row once, however often a run was attempted")
                .containsOnly((long) ROWS);
    }

    private Process start(String database) throws IOException {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice-control-plane.jar"));
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + freePort(),
                        "--sluice.home=" + home,
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=" + Postgres.shared().user(),
                        "--spring.datasource.password=" + Postgres.shared().password(),
                        "--sluice.ingest.watch-interval=200ms",
                        "--sluice.pipelines.default.batch.max-files=4",
                        "--sluice.pipelines.default.batch.max-wait=500ms",
                        "--sluice.pipelines.default.retry.initial-backoff=500ms",
                        "--sluice.runs.poll-interval=300ms",
                        "--sluice.runs.start-grace=2s",
                        "--sluice.local-executor.threads=1"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("server.log").toFile()))
                .start();
        return process;
    }

    private static int count(JdbcClient db, String sql) {
        return db.sql(sql).query(Integer.class).single();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
