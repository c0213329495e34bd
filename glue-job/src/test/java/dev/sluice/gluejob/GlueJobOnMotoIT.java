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

    /**
     * Every {@code breakEvery}th comment holds a quoted line break; row 30,000's quantity is a
     * decimal, past the first records; row 25,000 has a field too many.
     */
    static byte[] largeOrders(int rows, int breakEvery) {
        StringBuilder csv = new StringBuilder("id,amount,quantity,day,comment\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(',').append(r.nextInt(100_000)).append('.').append(10 + r.nextInt(90));
            csv.append(',').append(i == 30_000 ? "2.5" : Integer.toString(r.nextInt(50)));
            csv.append(String.format(",2024-%02d-%02d,", 1 + r.nextInt(12), 1 + r.nextInt(28)));
            csv.append(i % breakEvery == 0 ? "\"first\nsecond " + i + "\"" : "plain " + r.nextInt(1000));
            csv.append(i == 25_000 ? ",extra\n" : "\n");
        }
        return csv.toString().getBytes(UTF_8);
    }

    @Test
    void aFileAboveTheSplitSizeIsConvertedAsRangeTasksWithTheRowsOfTheCli() throws Exception {
        byte[] large = largeOrders(40_000, 53);
        TestRun run = new TestRun(aws, out, db, "orders", 9)
                .split(256 << 10, 256 << 10)
                .s3File(in, "large.csv", large)
                .s3File(in, "small.csv", "id,amount,quantity,day,comment\n0,1.00,1,2024-01-01,x\n".getBytes(UTF_8));

        run.run();

        JsonNode file = report(9).get("files").get(0);
        List<String> ranges = new ArrayList<>();
        file.get("parquetRanges").forEach(n -> ranges.add(n.asText()));
        assertThat(ranges).hasSizeGreaterThanOrEqualTo(3);
        assertThat(aws.keys(out, PARTITION))
                .hasSize(ranges.size() + 1)
                .contains(PARTITION + "part-9-1.parquet")
                .contains(PARTITION + "part-9-0-r0.parquet");
        assertThat(file.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(new String(aws.get(out, "p/_rejects/9/part-9-0.csv"), UTF_8)).contains(",extra");
        assertThat(aws.keys(out, "p/_staging/")).isEmpty();

        // the same rows and types as ./sluice convert of the file
        Path csv = tmp.resolve("large.csv");
        java.nio.file.Files.write(csv, large);
        Path cli = tmp.resolve("cli.parquet");
        dev.sluice.processor.CsvConversion.builder().threads(1).build().convert(csv, cli);
        List<Path> parts = new ArrayList<>();
        for (int k = 0; k < ranges.size(); k++) {
            Path local = tmp.resolve("range-" + k + ".parquet");
            aws.download(out, PARTITION + "part-9-0-r" + k + ".parquet", local);
            parts.add(local);
        }
        assertThat(DuckDb.describe(parts)).isEqualTo(DuckDb.describe(List.of(cli)));
        String columns = "id, amount, quantity, day, comment";
        String split = "SELECT " + columns + " FROM " + DuckDb.files(parts);
        String whole = "SELECT " + columns + " FROM " + DuckDb.files(List.of(cli));
        assertThat(DuckDb.query("SELECT count(*) FROM (" + split + " EXCEPT ALL " + whole + ")"))
                .containsExactly(List.of("0"));
        assertThat(DuckDb.query("SELECT count(*) FROM (" + whole + " EXCEPT ALL " + split + ")"))
                .containsExactly(List.of("0"));
        assertThat(DuckDb.query("SELECT count(*), typeof(any_value(quantity)) FROM " + DuckDb.files(parts)))
                .containsExactly(List.of("39999", "DECIMAL(3,1)"));
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
