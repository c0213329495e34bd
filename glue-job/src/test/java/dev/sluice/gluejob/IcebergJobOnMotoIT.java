package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gluejob.catalog.ApplicationTemplateConf;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Iceberg output as the Glue job writes it: the job on Spark 3.5 with Glue 5.0's Iceberg (the Spark
 * runtime jar alone on the class path), its catalog from the application stack's settings, the
 * table in the emulator's Glue Data Catalog and S3; read back by Spark through the same Iceberg
 * catalog, as Athena or a Glue notebook would.
 */
class IcebergJobOnMotoIT {

    static final Map<String, Object> ICEBERG = Map.of("format", "iceberg", "onNewVersion", "replace");

    final Emulator aws = new Emulator();
    final String in = aws.bucket("in");
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");
    SparkSession spark;

    /** What Glue's --conf gives the session, and the emulator's endpoints for Spark's own reads. */
    @BeforeEach
    void sessionWithTheTemplatesIcebergCatalog() {
        spark = SharedSpark.session();
        ApplicationTemplateConf.sparkConf(out).forEach((key, value) -> {
            if (!key.equals("spark.sql.extensions")) { // static: only at start-up, and reads need none
                spark.conf().set(key, value);
            }
        });
        String endpoint = Emulator.AWS.endpoint().toString();
        spark.conf().set("spark.sql.catalog.sluice.glue.endpoint", endpoint);
        spark.conf().set("spark.sql.catalog.sluice.s3.endpoint", endpoint);
        spark.conf().set("spark.sql.catalog.sluice.s3.path-style-access", "true");
        spark.conf().set("spark.sql.catalog.sluice.client.region", "us-east-1");
        // the job commits through a catalog of its own: Spark must not read a table it cached
        spark.conf().set("spark.sql.catalog.sluice.cache-enabled", "false");
    }

    TestRun run(long id) {
        return new TestRun(aws, out, db, "orders", id).outputSettings(ICEBERG);
    }

    List<String> rows() {
        return spark.sql("SELECT id, note, source_file FROM sluice." + db + ".orders").collectAsList().stream()
                .map(IcebergJobOnMotoIT::text)
                .sorted()
                .toList();
    }

    static String text(Row row) {
        String source = row.getString(2);
        return row.get(0) + " " + row.getString(1) + " " + source.substring(source.lastIndexOf('/') + 1);
    }

    JsonNode report(long runId) throws Exception {
        return new ObjectMapper().readTree(aws.get(out, "p/_reports/" + runId + ".json"));
    }

    @Test
    void aRunIsOneSnapshotOfAnIcebergTableInGlueThatSparkReadsRowForRow() throws Exception {
        run(1).s3File(in, "a.csv", "id,note\n1,x\n2,y\n".getBytes(UTF_8))
                .s3File(in, "b.csv", "id,note\n3,z\n".getBytes(UTF_8))
                .run();

        assertThat(aws.glue
                        .getTable(b -> b.databaseName(db).name("orders"))
                        .table()
                        .parameters())
                .containsEntry("table_type", "ICEBERG")
                .hasEntrySatisfying("metadata_location", m -> assertThat(m).startsWith("s3://" + out + "/p/orders/"));
        assertThat(rows()).containsExactly("1 x a.csv", "2 y a.csv", "3 z b.csv");
        List<Row> snapshots = spark.sql("SELECT summary['sluice.run-id'], summary['added-records'] FROM sluice." + db
                        + ".orders.snapshots")
                .collectAsList();
        assertThat(snapshots).singleElement().satisfies(s -> {
            assertThat(s.getString(0)).isEqualTo("1");
            assertThat(s.getString(1)).isEqualTo("3");
        });
        JsonNode snapshot = report(1).get("catalog").get("snapshot");
        assertThat(snapshot.get("addedRows").asLong()).isEqualTo(3);
    }

    @Test
    void aRetriedAttemptOfACommittedRunAddsNothing() {
        run(1).s3File(in, "a.csv", "id,note\n1,x\n".getBytes(UTF_8)).run();

        run(1).attempt(2).s3File(in, "a.csv", "id,note\n1,x\n".getBytes(UTF_8)).run();

        assertThat(rows()).containsExactly("1 x a.csv");
        assertThat(spark.sql("SELECT * FROM sluice." + db + ".orders.snapshots").count())
                .isEqualTo(1);
    }

    /**
     * A key uploaded again replaces its rows, also once a rewrite (as the Data Catalog's compaction
     * does) has put it in one file with another key's rows: then its old rows go by an equality
     * delete, written with Glue's Iceberg.
     */
    @Test
    void aReuploadedKeyReplacesItsRowsEvenInAFileSharedWithAnotherKey() throws Exception {
        run(1).s3File(in, "a.csv", "id,note\n1,old\n2,old\n".getBytes(UTF_8))
                .s3File(in, "b.csv", "id,note\n3,b\n".getBytes(UTF_8))
                .run();
        String table = "sluice." + db + ".orders";
        spark.table(table).coalesce(1).writeTo(table).overwrite(functions.lit(true));
        assertThat(spark.sql("SELECT * FROM " + table + ".files").count()).isEqualTo(1);

        run(2).s3File(in, "a.csv", "id,note\n1,new\n".getBytes(UTF_8)).run();

        assertThat(rows()).containsExactly("1 new a.csv", "3 b b.csv");
    }
}
