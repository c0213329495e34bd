package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/** The job as Glue starts it, reading from and writing to the emulator's S3 and Glue catalog. */
class GlueJobOnMotoIT {

    static final String PARTITION = "p/orders/ingest_date=" + TestRun.INGEST_DATE + "/";

    final Emulator aws = new Emulator();
    final String in = aws.bucket("in");
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");

    @TempDir
    Path tmp;

    static byte[] ordersWithOneBadRow() {
        StringBuilder csv = new StringBuilder("id,amount,day,note\n");
        for (int i = 3; i < 23; i++) {
            csv.append(i).append(",1.75,2024-03-01,row ").append(i).append('\n');
        }
        csv.append("23,1.00\n");
        return csv.toString().getBytes(UTF_8);
    }

    JsonNode report(long runId) throws Exception {
        return new ObjectMapper().readTree(aws.get(out, "p/_reports/" + runId + ".json"));
    }

    List<Path> downloadParquet(String prefix) {
        List<Path> files = new ArrayList<>();
        for (String key : aws.keys(out, prefix)) {
            Path local = tmp.resolve(key.replace('/', '_'));
            aws.download(out, key, local);
            files.add(local);
        }
        return files;
    }

    @Test
    void convertsTheBatchReportsEveryFileAndCreatesTheTable() throws Exception {
        TestRun run = new TestRun(aws, out, db, "orders", 1)
                .s3File(
                        in,
                        "a.csv",
                        "id,amount,day,note\n1,2.50,2024-01-31,x\n2,3.25,2024-02-01,NULL\n".getBytes(UTF_8))
                .s3File(in, "b.csv", ordersWithOneBadRow())
                .s3File(in, "empty.csv", "\n\n".getBytes(UTF_8))
                .s3File(in, "missing.csv", null)
                .s3File(in, "image.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});

        run.run();

        // the batch's small files in one Parquet file, the failed ones left out of it
        assertThat(aws.keys(out, PARTITION)).containsExactly(PARTITION + "part-1-c0.parquet");
        assertThat(aws.keys(out, "p/_rejects/")).containsExactly("p/_rejects/1/part-1-1.csv");
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
        assertThat(new String(aws.get(out, "p/_rejects/1/part-1-1.csv"), UTF_8)).contains("23,1.00");

        JsonNode report = report(1);
        assertThat(report.get("runId").asLong()).isEqualTo(1);
        assertThat(report.get("rowsRead").asLong()).isEqualTo(23);
        assertThat(report.get("rowsWritten").asLong()).isEqualTo(22);
        assertThat(report.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(report.get("error").isNull()).isTrue();
        JsonNode files = report.get("files");
        assertThat(files.get(0).get("uri").asText()).isEqualTo("s3://" + in + "/a.csv");
        assertThat(files.get(0).get("error").isNull()).isTrue();
        assertThat(files.get(1).get("rowsRejected").asLong()).isEqualTo(1);
        String combined = "s3://" + out + "/" + PARTITION + "part-1-c0.parquet";
        assertThat(files.get(0).get("parquet").asText()).isEqualTo(combined);
        assertThat(files.get(0).get("firstRow").asLong()).isZero();
        assertThat(files.get(1).get("parquet").asText()).isEqualTo(combined);
        assertThat(files.get(1).get("firstRow").asLong()).isEqualTo(2);
        assertThat(files.get(2).get("parquet").isNull()).isTrue();
        assertThat(files.get(2).get("error").asText())
                .isEqualTo("s3://" + in + "/empty.csv: the file holds no records, only blank lines");
        assertThat(files.get(3).get("error").asText()).startsWith("s3://" + in + "/missing.csv does not exist");
        assertThat(files.get(4).get("error").asText())
                .startsWith("s3://" + in + "/image.csv: the file is binary, not CSV text");
        assertThat(report.get("schema").findValuesAsText("name")).containsExactly("id", "amount", "day", "note");

        List<Path> parquet = downloadParquet(PARTITION);
        assertThat(DuckDb.describe(parquet))
                .containsExactly(
                        "id INTEGER",
                        "amount DECIMAL(3,2)",
                        "day DATE",
                        "note VARCHAR",
                        "processed_at TIMESTAMP WITH TIME ZONE",
                        "source_file VARCHAR",
                        "processing_job VARCHAR");
        String files2 = DuckDb.files(parquet);
        assertThat(DuckDb.query("SELECT count(*), count(DISTINCT processed_at), min(processing_job), count(note)"
                        + " FROM " + files2))
                .containsExactly(List.of("22", "1", run.processingJob(), "21"));
        assertThat(DuckDb.query("SELECT DISTINCT source_file FROM " + files2 + " ORDER BY 1"))
                .containsExactly(List.of("s3://" + in + "/a.csv"), List.of("s3://" + in + "/b.csv"));
        // processed_at is INT64 milliseconds adjusted to UTC, never INT96
        assertThat(DuckDb.query("SELECT DISTINCT type, logical_type FROM parquet_schema(" + DuckDb.list(parquet)
                        + ") WHERE name = 'processed_at'"))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get(0)).isEqualTo("INT64");
                    assertThat(row.get(1)).contains("isAdjustedToUTC=1").contains("MILLIS");
                });

        Table table = aws.glue.getTable(b -> b.databaseName(db).name("orders")).table();
        assertThat(table.storageDescriptor().columns())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly(
                        "id int",
                        "amount decimal(3,2)",
                        "day date",
                        "note string",
                        "processed_at timestamp",
                        "source_file string",
                        "processing_job string");
        assertThat(table.partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("ingest_date string");
        assertThat(table.storageDescriptor().location()).isEqualTo("s3://" + out + "/p/orders/");
        assertThat(table.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(table.tableType()).isEqualTo("EXTERNAL_TABLE");
        Partition partition = aws.glue
                .getPartition(b -> b.databaseName(db).tableName("orders").partitionValues(TestRun.INGEST_DATE))
                .partition();
        assertThat(partition.storageDescriptor().location()).isEqualTo("s3://" + out + "/" + PARTITION);
    }

    @Test
    void filesOfDifferentShapesAreWrittenWithTheBatchsSchema() throws Exception {
        new TestRun(aws, out, db, "orders", 2)
                .s3File(in, "a.csv", "id,amount\n1,2.5\n".getBytes(UTF_8))
                .s3File(in, "b.csv", "id,amount,extra\n3000000000,10.75,x\n".getBytes(UTF_8))
                .run();

        List<String> batch = List.of(
                "id BIGINT",
                "amount DECIMAL(4,2)",
                "extra VARCHAR",
                "processed_at TIMESTAMP WITH TIME ZONE",
                "source_file VARCHAR",
                "processing_job VARCHAR");
        List<Path> parquet = downloadParquet(PARTITION + "part-2-");
        assertThat(parquet).as("both small files in one").hasSize(1);
        assertThat(DuckDb.describe(List.of(parquet.get(0)))).isEqualTo(batch);
        assertThat(DuckDb.query("SELECT id, amount, extra FROM " + DuckDb.files(parquet) + " ORDER BY id"))
                .containsExactly(Arrays.asList("1", "2.50", null), List.of("3000000000", "10.75", "x"));
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();
    }

    @Test
    void aRetryReplacesWhatAnEarlierAttemptLeftAndNothingElse() throws Exception {
        byte[] csv = "id,name\n1,a\n2,b\n".getBytes(UTF_8);
        new TestRun(aws, out, db, "orders", 4).s3File(in, "x.csv", csv).run();
        aws.put(out, PARTITION + "part-4-7.parquet", "left by an earlier attempt".getBytes(UTF_8));
        aws.put(out, "p/_rejects/4/part-4-7.csv", "left by an earlier attempt".getBytes(UTF_8));
        aws.put(out, PARTITION + "part-41-0.parquet", "another run's file".getBytes(UTF_8));

        new TestRun(aws, out, db, "orders", 4)
                .attempt(2)
                .s3File(in, "x.csv", csv)
                .run();

        assertThat(aws.keys(out, PARTITION))
                .containsExactly(PARTITION + "part-4-0.parquet", PARTITION + "part-41-0.parquet");
        assertThat(aws.keys(out, "p/_rejects/4/")).isEmpty();
        assertThat(report(4).get("attempt").asInt()).isEqualTo(2);
        List<Path> parquet = downloadParquet(PARTITION + "part-4-");
        assertThat(DuckDb.query("SELECT count(*), min(processing_job) FROM " + DuckDb.files(parquet)))
                .containsExactly(List.of("2", TestRun.JOB + ":run-4-2"));
    }

    @Test
    void aManifestOfAnotherRunIsRefusedNamingTheArgument() {
        TestRun run = new TestRun(aws, out, db, "orders", 5).s3File(in, "x.csv", "a\n1\n".getBytes(UTF_8));
        String[] args = run.args();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--run_id")) {
                args[i + 1] = "6";
            }
        }
        SharedSpark.session();

        assertThatThrownBy(() -> SluiceGlueJob.main(args))
                .isInstanceOf(InvalidJobArgumentException.class)
                .hasMessage("--run_id '6' is invalid: the manifest s3://" + out + "/p/_manifests/5-1.json says '5'");
        assertThat(aws.keys(out, "p/orders/")).isEmpty();
    }

    @Test
    void aMissingManifestFailsTheRunNamingIt() {
        String[] args = new TestRun(aws, out, db, "orders", 9).args();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--manifest")) {
                args[i + 1] = "s3://" + out + "/p/_manifests/none.json";
            }
        }
        SharedSpark.session();

        assertThatThrownBy(() -> SluiceGlueJob.main(args))
                .hasMessageStartingWith("s3://" + out + "/p/_manifests/none.json does not exist");
    }
}
