package dev.sluice.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.batch.iceberg.IcebergTableCatalog;
import dev.sluice.batch.iceberg.LocalFileIO;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The packaged service with {@code output.format: iceberg} on PostgreSQL, SIGKILLed around the
 * Iceberg commit of a run and started again on the same home and database. The service reaches
 * PostgreSQL through Toxiproxy; the test reads the JDBC catalog directly. While a run goes, every
 * answer of the database comes {@link #LATENCY} late, so that the Iceberg commit (a catalog read,
 * then the compare-and-swap of the metadata pointer) needs several slow round trips after the
 * run's data files are on disk: the test cuts the proxy in between and kills the process, or
 * waits until the snapshot is in the catalog and cuts the proxy before the service can record
 * that the run ended. Everything is real: the jar, PostgreSQL, the proxy, the files; the table is
 * read back by Iceberg's generic reader and by DuckDB over the current snapshot's data files.
 */
class IcebergCommitCrashE2EIT {

    static final Duration LATENCY = Duration.ofMillis(250);
    static final int ROWS = 500;
    static final Pattern PART = Pattern.compile("part-(\\d+)-\\d+\\.parquet");

    @TempDir
    Path home;

    Process server;
    Proxy postgres;
    String database;
    JdbcCatalog catalog;
    Connection ledger;

    @BeforeEach
    void databaseBehindTheProxy() throws Exception {
        database = Postgres.shared().newDatabase();
        postgres = Toxiproxy.shared()
                .proxy("iceberg-crash-" + System.nanoTime(), Postgres.shared().address());
        ledger = DriverManager.getConnection(
                database, Postgres.shared().user(), Postgres.shared().password());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        if (catalog != null) {
            catalog.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (postgres != null) {
            postgres.delete();
        }
    }

    @Test
    void killedAfterTheDataFilesAndBeforeTheCommitWithPostgresCutByToxiproxyTheTableIsUnchangedAndTheRetryCommitsOnce()
            throws Exception {
        server = start();
        long first = runToTheEnd("first.csv");
        Table table = table();
        long before = table.currentSnapshot().snapshotId();

        Latency slow = postgres.toxics().latency("slow-answers", ToxicDirection.DOWNSTREAM, LATENCY.toMillis());
        drop("second.csv");
        long second = awaitDataFileOfARunOtherThan(first);
        postgres.disable(); // the commit's catalog round trips are still on their way
        server.destroyForcibly().waitFor(); // SIGKILL
        slow.remove();
        postgres.enable();

        table.refresh();
        assertThat(table.currentSnapshot().snapshotId())
                .as("the table is as it was before the run")
                .isEqualTo(before);
        assertThat(snapshotsOf(table, second))
                .as("no snapshot of the killed run")
                .isEmpty();
        assertThat(status(second)).isNotEqualTo("SUCCEEDED");

        server = start();
        awaitSucceeded(second);

        table.refresh();
        assertThat(snapshotsOf(table, first)).hasSize(1);
        List<Snapshot> retried = snapshotsOf(table, second);
        assertThat(retried).as("the retry committed the run once").hasSize(1);
        assertThat(retried.get(0).summary().get(IcebergTableCatalog.ATTEMPT))
                .as("committed by a later attempt than the killed one")
                .isNotEqualTo("1");
        assertThat(retried.get(0).parentId()).isEqualTo(before);
        assertThat(table.currentSnapshot().snapshotId())
                .isEqualTo(retried.get(0).snapshotId());
        assertEveryRowOnce(table, List.of("first.csv", "second.csv"));
    }

    @Test
    void killedAfterTheCommitWithPostgresCutByToxiproxyTheRestartedServiceDoesNotCommitAgain() throws Exception {
        server = start();
        long first = runToTheEnd("first.csv");
        Table table = table();

        Latency slow = postgres.toxics().latency("slow-answers", ToxicDirection.DOWNSTREAM, LATENCY.toMillis());
        drop("second.csv");
        long second = awaitDataFileOfARunOtherThan(first);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    table.refresh();
                    return !snapshotsOf(table, second).isEmpty();
                });
        postgres.disable(); // the service has not heard back from its commit yet
        server.destroyForcibly().waitFor(); // SIGKILL
        slow.remove();
        postgres.enable();
        assertThat(status(second))
                .as("killed before the service recorded the run's end")
                .isEqualTo("RUNNING");
        long committed = snapshotsOf(table, second).get(0).snapshotId();

        server = start();
        awaitSucceeded(second);

        table.refresh();
        assertThat(snapshotsOf(table, second)).extracting(Snapshot::snapshotId).containsExactly(committed);
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(committed);
        assertThat(Files.readString(home.resolve("server.log")))
                .containsPattern("Run " + second
                        + " attempt \\d+: an earlier attempt committed the run, nothing is written again");
        assertThat(JdbcClient.create(new SingleConnectionDataSource(ledger, true))
                        .sql("SELECT snapshot_id FROM run_snapshot WHERE run_id = ?")
                        .param(second)
                        .query(Long.class)
                        .single())
                .as("the run's record names the snapshot the killed attempt committed")
                .isEqualTo(committed);
        assertEveryRowOnce(table, List.of("first.csv", "second.csv"));
    }

    /** Drops a file into the watched input and waits for its run to succeed; the run's id. */
    private long runToTheEnd(String name) throws IOException {
        drop(name);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions() // the tables appear once the service has migrated the database
                .until(() -> db().sql("SELECT COUNT(*) FROM run WHERE status = 'SUCCEEDED'")
                                .query(Integer.class)
                                .single()
                        == 1);
        return db().sql("SELECT id FROM run WHERE status = 'SUCCEEDED'")
                .query(Long.class)
                .single();
    }

    private void drop(String name) throws IOException {
        Path input = Files.createDirectories(home.resolve("input"));
        String rows = IntStream.range(0, ROWS)
                .mapToObj(r -> r + ",value " + r)
                .collect(Collectors.joining("\n", "line,text\n", "\n"));
        Path partial = input.resolve("." + name + ".tmp");
        Files.writeString(partial, rows);
        Files.move(partial, input.resolve(name)); // the watcher sees it whole
    }

    /** The id of the run whose data file appears in the table's directory next. */
    private long awaitDataFileOfARunOtherThan(long earlier) {
        return await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> dataFileRuns().stream().filter(r -> r != earlier).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private List<Long> dataFileRuns() throws IOException {
        Path tableDir = home.resolve("output/uploads");
        if (!Files.isDirectory(tableDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(tableDir)) {
            return files.map(p -> PART.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .toList();
        }
    }

    private void awaitSucceeded(long run) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .failFast("the control plane exited; see " + home.resolve("server.log"), () -> !server.isAlive())
                .until(() -> status(run), "SUCCEEDED"::equals);
    }

    private String status(long run) {
        return db().sql("SELECT status FROM run WHERE id = ?")
                .param(run)
                .query(String.class)
                .single();
    }

    private JdbcClient db() {
        return JdbcClient.create(new SingleConnectionDataSource(ledger, true));
    }

    /** The pipeline's table, read from the JDBC catalog on PostgreSQL directly, not through the proxy. */
    private Table table() {
        if (catalog == null) {
            catalog = new JdbcCatalog(p -> new LocalFileIO(), null, false);
            catalog.initialize(
                    "sluice",
                    Map.of(
                            CatalogProperties.URI,
                            database,
                            CatalogProperties.WAREHOUSE_LOCATION,
                            home.resolve("output").toUri().toString(),
                            "jdbc.user",
                            Postgres.shared().user(),
                            "jdbc.password",
                            Postgres.shared().password(),
                            "jdbc.schema-version",
                            "V1"));
        }
        return catalog.loadTable(TableIdentifier.of(Namespace.of("sluice"), "uploads"));
    }

    private static List<Snapshot> snapshotsOf(Table table, long run) {
        List<Snapshot> of = new ArrayList<>();
        for (Snapshot s : table.snapshots()) {
            if (Long.toString(run).equals(s.summary().get(IcebergTableCatalog.RUN_ID))) {
                of.add(s);
            }
        }
        return of;
    }

    /**
     * Every row of every file exactly once at the current snapshot, by Iceberg's generic reader and
     * by DuckDB over the snapshot's data files (the runs here delete nothing, so the data files
     * alone are the table).
     */
    private static void assertEveryRowOnce(Table table, List<String> names) throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String name : names) {
            for (int r = 0; r < ROWS; r++) {
                expected.put(name + "#" + r, 1L);
            }
        }
        Map<String, Long> iceberg = new HashMap<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table)
                .useSnapshot(table.currentSnapshot().snapshotId())
                .build()) {
            for (Record r : records) {
                iceberg.merge(key(r.getField("source_file"), r.getField("line")), 1L, Long::sum);
            }
        }
        assertThat(iceberg).as("Iceberg's generic reader").isEqualTo(expected);

        Map<String, Long> duckdb = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                assertThat(task.deletes()).isEmpty();
                String location = task.file().location();
                Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
                for (Map<String, Object> row : Parquet.rows(file)) {
                    duckdb.merge(key(row.get("source_file"), row.get("line")), 1L, Long::sum);
                }
            }
        }
        assertThat(duckdb).as("DuckDB over the current snapshot's data files").isEqualTo(expected);
    }

    private static String key(Object sourceFile, Object row) {
        String source = sourceFile.toString();
        return source.substring(source.lastIndexOf('/') + 1) + "#" + row;
    }

    private Process start() throws IOException {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice-control-plane.jar"));
        assertThat(jar).as("the packaged control plane (run `./mvnw package`)").exists();
        String proxied = Postgres.shared().through("127.0.0.1:" + Toxiproxy.port(postgres), database);
        return new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + freePort(),
                        "--sluice.home=" + home,
                        "--spring.datasource.url=" + proxied,
                        "--spring.datasource.username=" + Postgres.shared().user(),
                        "--spring.datasource.password=" + Postgres.shared().password(),
                        "--sluice.ingest.watch-interval=200ms",
                        "--sluice.pipelines.default.output.format=iceberg",
                        "--sluice.pipelines.default.batch.max-files=1",
                        "--sluice.pipelines.default.batch.max-wait=200ms",
                        "--sluice.pipelines.default.retry.initial-backoff=500ms",
                        "--sluice.runs.poll-interval=300ms",
                        "--sluice.runs.start-grace=2s",
                        "--sluice.iceberg.maintenance.enabled=false",
                        "--sluice.local-executor.threads=1"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("server.log").toFile()))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
