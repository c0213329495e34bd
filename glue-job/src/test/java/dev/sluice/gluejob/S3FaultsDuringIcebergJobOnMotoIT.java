package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gluejob.catalog.ApplicationTemplateConf;
import dev.sluice.testsupport.HttpFaultProxy;
import dev.sluice.testsupport.HttpFaultProxy.Request;
import java.net.URLDecoder;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 refusing the data files of an Iceberg run past the SDK's retries: the attempt commits no
 * snapshot, and the next one commits one with every row once. Read back through Spark's Iceberg
 * catalog on the emulator itself, past the proxy.
 */
class S3FaultsDuringIcebergJobOnMotoIT {

    static final String PARTITION = GlueJobOnMotoIT.PARTITION;
    static final HttpFaultProxy proxy = HttpFaultProxy.start(Emulator.AWS.endpoint());

    final Emulator aws = new Emulator();
    final String in = aws.bucket("in");
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");
    SparkSession spark;

    @BeforeEach
    void sessionWithTheTemplatesIcebergCatalog() {
        spark = SharedSpark.session();
        ApplicationTemplateConf.sparkConf(out).forEach((key, value) -> {
            if (!key.equals("spark.sql.extensions")) {
                spark.conf().set(key, value);
            }
        });
        String endpoint = Emulator.AWS.endpoint().toString();
        spark.conf().set("spark.sql.catalog.sluice.glue.endpoint", endpoint);
        spark.conf().set("spark.sql.catalog.sluice.s3.endpoint", endpoint);
        spark.conf().set("spark.sql.catalog.sluice.s3.path-style-access", "true");
        spark.conf().set("spark.sql.catalog.sluice.client.region", "us-east-1");
        spark.conf().set("spark.sql.catalog.sluice.cache-enabled", "false");
    }

    @AfterEach
    void heal() {
        proxy.heal();
    }

    @AfterAll
    static void close() {
        proxy.close();
    }

    TestRun run(long id, int attempt) {
        TestRun run = new TestRun(aws, out, db, "orders", id)
                .attempt(attempt)
                .endpoint(proxy.endpoint())
                .outputSettings(IcebergJobOnMotoIT.ICEBERG);
        for (int f = 0; f < 3; f++) {
            StringBuilder csv = new StringBuilder("id,note\n");
            for (int i = 0; i < 50; i++) {
                csv.append(id * 1000 + f * 100 + i).append(",n\n");
            }
            run.s3File(in, "r" + id + "-" + f + ".csv", csv.toString().getBytes(UTF_8));
        }
        return run;
    }

    List<Row> snapshots() {
        return spark.sql("SELECT summary['sluice.run-id'], summary['added-records'] FROM sluice." + db
                        + ".orders.snapshots ORDER BY committed_at")
                .collectAsList();
    }

    List<Row> counts() {
        return spark.sql("SELECT count(*), count(DISTINCT id) FROM sluice." + db + ".orders")
                .collectAsList();
    }

    @Test
    void aRunWhoseDataFilesS3RefusesCommitsNoSnapshotAndItsRetryCommitsOne() {
        run(1, 1).run();
        Predicate<Request> dataOfRun2 = r -> r.method().equals("PUT")
                && URLDecoder.decode(r.path(), UTF_8).startsWith("/" + out + "/" + PARTITION + "part-2-");
        proxy.inject(HttpFaultProxy.s3Error(HttpFaultProxy.after(1, dataOfRun2, dataOfRun2), 503, "SlowDown"));

        TestRun failing = run(2, 1);
        assertThatThrownBy(failing::run)
                .hasMessageContaining("s3://" + out + "/" + PARTITION + "part-2-")
                .hasMessageContaining("SlowDown");

        proxy.heal();
        assertThat(snapshots())
                .singleElement()
                .satisfies(s -> assertThat(s.getString(0)).isEqualTo("1"));
        assertThat(counts()).singleElement().satisfies(c -> {
            assertThat(c.getLong(0)).isEqualTo(150);
            assertThat(c.getLong(1)).isEqualTo(150);
        });
        assertThat(aws.keys(out, PARTITION + "part-2-"))
                .as("the failed attempt's data files")
                .isEmpty();

        run(2, 2).run();

        assertThat(snapshots()).hasSize(2).last().satisfies(s -> {
            assertThat(s.getString(0)).isEqualTo("2");
            assertThat(s.getString(1)).isEqualTo("150");
        });
        assertThat(counts()).singleElement().satisfies(c -> {
            assertThat(c.getLong(0)).isEqualTo(300);
            assertThat(c.getLong(1)).isEqualTo(300);
        });
    }
}
