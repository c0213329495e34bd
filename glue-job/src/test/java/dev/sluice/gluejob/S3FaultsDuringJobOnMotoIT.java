package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testsupport.HttpFaultProxy;
import dev.sluice.testsupport.HttpFaultProxy.Request;
import java.net.URLDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * S3 failing while the job reads its input, stages its output and publishes it: the HTTP fault
 * proxy sits between the job's S3 (and Glue) clients and the emulator and answers chosen requests
 * with 503 SlowDown or a reset connection. The job is the real entry point on the tests' Spark.
 */
class S3FaultsDuringJobOnMotoIT {

    static final String PARTITION = GlueJobOnMotoIT.PARTITION;
    /** Small enough that every file is a bin of its own: one object per file in the partition. */
    static final Map<String, Object> FILE_PER_OBJECT = Map.of("format", "parquet", "targetFileSize", 1);

    static final HttpFaultProxy proxy = HttpFaultProxy.start(Emulator.AWS.endpoint());

    final Emulator aws = new Emulator();
    final String in = aws.bucket("in");
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");

    @TempDir
    Path tmp;

    @AfterEach
    void heal() {
        proxy.heal();
    }

    @AfterAll
    static void close() {
        proxy.close();
    }

    /** {@code rows} rows with ids from {@code first} on, and a second column named {@code column}. */
    static byte[] csv(int first, int rows, String column) {
        StringBuilder csv = new StringBuilder("id," + column + "\n");
        for (int i = first; i < first + rows; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        return csv.toString().getBytes(UTF_8);
    }

    TestRun run(long id) {
        return new TestRun(aws, out, db, "orders", id).endpoint(proxy.endpoint());
    }

    Predicate<Request> inBucket(String bucket) {
        return r -> r.path().startsWith("/" + bucket + "/") || r.path().equals("/" + bucket);
    }

    /** The key a request names, as the SDK sends it with {@code =} encoded. */
    static String path(Request r) {
        return URLDecoder.decode(r.path(), UTF_8);
    }

    /** A PUT of an object of run {@code runId} into the table's partition (an upload or a copy). */
    Predicate<Request> publishing(long runId) {
        return r -> r.method().equals("PUT") && path(r).startsWith("/" + out + "/" + PARTITION + "part-" + runId + "-");
    }

    JsonNode report(long runId) throws Exception {
        return new ObjectMapper().readTree(aws.get(out, "p/_reports/" + runId + ".json"));
    }

    List<List<String>> rows(String select) {
        List<Path> files = new ArrayList<>();
        for (String key : aws.keys(out, PARTITION)) {
            Path local = tmp.resolve(UUID.randomUUID() + "-" + key.substring(key.lastIndexOf('/') + 1));
            aws.download(out, key, local);
            files.add(local);
        }
        // the earlier run's files lack the column run 2 brings: read them by name, as Athena does
        String from = "read_parquet(" + DuckDb.list(files) + ", hive_partitioning = false, union_by_name = true)";
        return DuckDb.query(select.replace("PARTITION", from));
    }

    List<String> tableColumns() {
        return aws.glue.getTable(b -> b.databaseName(db).name("orders")).table().storageDescriptor().columns().stream()
                .map(Column::name)
                .toList();
    }

    List<String> partitionColumns() {
        return aws
                .glue
                .getPartition(b -> b.databaseName(db).tableName("orders").partitionValues(TestRun.INGEST_DATE))
                .partition()
                .storageDescriptor()
                .columns()
                .stream()
                .map(Column::name)
                .toList();
    }

    /** Run 1, healthy: the table and its partition exist, with 10 rows, before the run under test. */
    void earlierRun() {
        run(1).s3File(in, "earlier.csv", csv(1, 10, "note")).run();
        assertThat(aws.keys(out, PARTITION)).containsExactly(PARTITION + "part-1-0.parquet");
    }

    /** Run 2: three files of 100 rows (ids 101–400) that bring a column the table lacks. */
    TestRun secondRun(int attempt) {
        TestRun run = run(2).attempt(attempt).outputSettings(FILE_PER_OBJECT);
        for (int f = 0; f < 3; f++) {
            run.s3File(in, "late-" + f + ".csv", csv(101 + 100 * f, 100, "extra"));
        }
        return run;
    }

    @Test
    void slowDownAndResetsOnAShareOfReadsAndWritesAreRiddenThroughByTheSdksRetries() throws Exception {
        Predicate<Request> s3 = inBucket(in).or(inBucket(out));
        Predicate<Request> putOrGet =
                s3.and(r -> r.method().equals("PUT") || r.method().equals("GET"));
        // each object fails at most twice: the SDK's default retries (4 attempts) get through
        Predicate<Request> share = HttpFaultProxy.atMost(2, putOrGet);
        // and these once each, whatever the share picks: the combined file, and the report
        proxy.inject(new HttpFaultProxy.Reset(HttpFaultProxy.atMost(1, publishing(7))));
        proxy.inject(HttpFaultProxy.s3Error(
                HttpFaultProxy.atMost(
                        1, r -> r.method().equals("PUT") && path(r).equals("/" + out + "/p/_reports/7.json")),
                503,
                "SlowDown"));
        proxy.inject(HttpFaultProxy.s3Error(HttpFaultProxy.oneIn(3, share), 503, "SlowDown"));
        proxy.inject(new HttpFaultProxy.Reset(HttpFaultProxy.oneIn(4, share)));
        TestRun run = run(7);
        for (int f = 0; f < 6; f++) {
            run.s3File(in, "f" + f + ".csv", csv(1 + 1000 * f, 200, "note"));
        }

        run.run();

        List<Request> failed = proxy.failedRequests();
        assertThat(failed).extracting(Request::method).contains("PUT", "GET");
        assertThat(failed)
                .as("the input was read and the output staged, combined and reported through the faults")
                .anySatisfy(r -> assertThat(r.path()).startsWith("/" + in + "/"))
                .anySatisfy(r -> assertThat(r.path()).startsWith("/" + out + "/p/_staging/7/"))
                .anySatisfy(r -> assertThat(path(r)).startsWith("/" + out + "/" + PARTITION + "part-7-c0"))
                .anySatisfy(r -> assertThat(r.path()).startsWith("/" + out + "/p/_reports/"));
        proxy.heal();
        assertThat(rows("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM PARTITION"))
                .containsExactly(List.of("1200", "1200", "1", "5200"));
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
        JsonNode report = report(7);
        assertThat(report.get("error").isNull()).isTrue();
        assertThat(report.get("rowsWritten").asLong()).isEqualTo(1200);
        assertThat(report.get("files")).hasSize(6).allSatisfy(f -> {
            assertThat(f.get("error").isNull()).isTrue();
            assertThat(f.get("rowsWritten").asLong()).isEqualTo(200);
        });
    }

    @Test
    void writesIntoTheTableRefusedPastTheRetriesFailTheRunNamingTheObjectAndLeaveTheTableAsItWas() throws Exception {
        earlierRun();
        // S3 throttles by prefix: the partition's refuses every write once the first file is in
        Predicate<Request> intoTheTable =
                r -> r.method().equals("PUT") && path(r).startsWith("/" + out + "/" + PARTITION);
        proxy.inject(HttpFaultProxy.s3Error(HttpFaultProxy.after(1, publishing(2), intoTheTable), 503, "SlowDown"));

        TestRun failing = secondRun(1);
        assertThatThrownBy(failing::run)
                .hasMessageContaining("s3://" + out + "/" + PARTITION + "part-2-")
                .hasMessageContaining("SlowDown");

        List<Request> refused = proxy.failedRequests();
        assertThat(refused).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("PUT"));
        // the SDK's default (legacy) retries: four attempts of the copy that failed the run; its
        // siblings were interrupted when it did, perhaps before their fourth
        assertThat(refused.stream()
                        .collect(Collectors.groupingBy(S3FaultsDuringJobOnMotoIT::path, Collectors.counting()))
                        .values())
                .contains(4L)
                .allSatisfy(attempts -> assertThat(attempts).isLessThanOrEqualTo(4));
        proxy.heal();
        // the one file that went in is taken out again: the partition holds what it held before
        assertThat(aws.keys(out, PARTITION)).containsExactly(PARTITION + "part-1-0.parquet");
        assertThat(tableColumns()).doesNotContain("extra");
        assertThat(partitionColumns()).doesNotContain("extra");
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
        JsonNode report = report(2);
        assertThat(report.get("attempt").asInt()).isEqualTo(1);
        assertThat(report.get("error").asText()).contains("s3://" + out + "/" + PARTITION + "part-2-");

        secondRun(2).run();

        assertThatTheSecondRunIsInOnce();
    }

    @Test
    void theJobsS3ClientTriesAsOftenAsItsArgumentsSay() {
        Predicate<Request> report = r -> r.method().equals("PUT") && path(r).equals("/" + out + "/p/_reports/3.json");
        proxy.inject(HttpFaultProxy.s3Error(report, 503, "SlowDown"));

        TestRun run = run(3).extraArgs("--s3_retry_mode", "standard", "--s3_max_attempts", "2")
                .s3File(in, "a.csv", csv(1, 5, "note"));
        assertThatThrownBy(run::run)
                .hasMessageContaining("s3://" + out + "/p/_reports/3.json cannot be written")
                .hasMessageContaining("SlowDown");

        // the run's report, then the report of its failure: two attempts each (the default tries 4)
        assertThat(proxy.failedRequests()).hasSize(4);
    }

    @Test
    void anInputThatS3WillNotServePastTheRetriesFailsTheRunNotTheFile() throws Exception {
        Predicate<Request> input = r -> r.method().equals("GET") && path(r).equals("/" + in + "/b.csv");
        proxy.inject(HttpFaultProxy.s3Error(input, 503, "SlowDown"));

        TestRun run = run(4).s3File(in, "a.csv", csv(1, 5, "note")).s3File(in, "b.csv", csv(6, 5, "note"));
        // a passing fault must not report a good file failed: the run fails, to be retried whole
        assertThatThrownBy(run::run)
                .hasMessageContaining("s3://" + in + "/b.csv cannot be read now")
                .hasMessageContaining("SlowDown");

        assertThat(proxy.failedRequests()).hasSize(4);
        assertThat(aws.keys(out, PARTITION)).isEmpty();
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
        assertThat(report(4).get("error").asText()).contains("s3://" + in + "/b.csv cannot be read now");
    }

    @Test
    void s3GoneForTheRestOfTheRunLeavesOnlyWholeFilesThatTheNextAttemptReplaces() throws Exception {
        earlierRun();
        Predicate<Request> anything = inBucket(out);
        proxy.inject(HttpFaultProxy.s3Error(
                HttpFaultProxy.oneIn(2, HttpFaultProxy.after(1, publishing(2), anything)), 503, "SlowDown"));
        proxy.inject(new HttpFaultProxy.Reset(HttpFaultProxy.after(1, publishing(2), anything)));

        TestRun failing = secondRun(1);
        assertThatThrownBy(failing::run).hasMessageContaining("s3://" + out + "/" + PARTITION + "part-2-");

        proxy.heal();
        // nothing could be removed or reported; what is in the partition is whole files only
        assertThat(aws.keys(out, PARTITION))
                .hasSize(2)
                .contains(PARTITION + "part-1-0.parquet")
                .anySatisfy(key -> assertThat(key).startsWith(PARTITION + "part-2-"));
        // a reader of the partition sees the earlier run and one whole file of this attempt
        assertThat(rows("SELECT count(*), count(DISTINCT id), count(extra) FROM PARTITION"))
                .containsExactly(List.of("110", "110", "100"));
        assertThat(tableColumns()).doesNotContain("extra");
        assertThat(partitionColumns()).doesNotContain("extra");
        assertThat(aws.keys(out, "p/_reports/")).containsExactly("p/_reports/1.json");

        secondRun(2).run();

        assertThatTheSecondRunIsInOnce();
    }

    private void assertThatTheSecondRunIsInOnce() throws Exception {
        assertThat(aws.keys(out, PARTITION))
                .containsExactly(
                        PARTITION + "part-1-0.parquet",
                        PARTITION + "part-2-0.parquet",
                        PARTITION + "part-2-1.parquet",
                        PARTITION + "part-2-2.parquet");
        assertThat(rows("SELECT count(*), count(DISTINCT id), count(extra), min(processing_job) FILTER (WHERE id > 100)"
                        + " FROM PARTITION"))
                .containsExactly(List.of("310", "310", "300", TestRun.JOB + ":run-2-2"));
        assertThat(tableColumns()).contains("extra");
        assertThat(partitionColumns()).contains("extra");
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
        JsonNode report = report(2);
        assertThat(report.get("attempt").asInt()).isEqualTo(2);
        assertThat(report.get("error").isNull()).isTrue();
        assertThat(report.get("rowsWritten").asLong()).isEqualTo(300);
    }
}
