package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/** The table kept current across batches, in the emulator's Glue Data Catalog. */
class CatalogOnMotoIT {

    static final String PARTITION = "p/events/ingest_date=" + TestRun.INGEST_DATE + "/";

    final Emulator aws = new Emulator();
    final String in = aws.bucket("in");
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");

    @TempDir
    Path tmp;

    Table table() {
        return aws.glue.getTable(b -> b.databaseName(db).name("events")).table();
    }

    List<String> partitionColumns() {
        return aws
                .glue
                .getPartition(b -> b.databaseName(db).tableName("events").partitionValues(TestRun.INGEST_DATE))
                .partition()
                .storageDescriptor()
                .columns()
                .stream()
                .map(Column::name)
                .toList();
    }

    TestRun run(long id, String csv) {
        return new TestRun(aws, out, db, "events", id).s3File(in, id + ".csv", csv.getBytes(UTF_8));
    }

    String parquetType(String key, String column) {
        Path local = tmp.resolve(key.replace('/', '_'));
        aws.download(out, key, local);
        return DuckDb.query("SELECT column_type FROM (DESCRIBE SELECT * FROM " + DuckDb.files(List.of(local))
                        + ") WHERE column_name = '" + column + "'")
                .get(0)
                .get(0);
    }

    @Test
    void aBatchWithNewColumnsAddsThemToTheTableAndThePartition() {
        run(1, "id,name\n1,a\n").run();
        assertThat(table().storageDescriptor().columns())
                .extracting(Column::name)
                .containsExactly("id", "name", "processed_at", "source_file", "processing_job");

        run(2, "id,name,Unit Price\n2,b,9.99\n").run();

        assertThat(table().storageDescriptor().columns())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly(
                        "id int",
                        "name string",
                        "processed_at timestamp",
                        "source_file string",
                        "processing_job string",
                        "unit_price decimal(3,2)");
        assertThat(table().storageDescriptor().columns().get(5).comment()).isEqualTo("CSV header: Unit Price");
        // the day's partition lists the new column too, or Athena would read it as null there
        assertThat(partitionColumns()).contains("unit_price");
    }

    @Test
    void aBatchOfNarrowerValuesIsWrittenAsTheTablesWiderType() throws Exception {
        run(1, "id,amount\n3000000000,1.5\n").run();
        assertThat(parquetType(PARTITION + "part-1-0.parquet", "id")).isEqualTo("BIGINT");

        run(2, "id,amount\n7,2.5\n").run();

        assertThat(parquetType(PARTITION + "part-2-0.parquet", "id")).isEqualTo("BIGINT");
        JsonNode report = new ObjectMapper().readTree(aws.get(out, "p/_reports/2.json"));
        assertThat(report.get("widenedColumns").toString()).isEqualTo("[\"id\"]");
        assertThat(table().storageDescriptor().columns())
                .extracting(c -> c.name() + " " + c.type())
                .startsWith("id bigint", "amount decimal(2,1)");
    }

    @Test
    void anIncompatibleChangeFailsTheRunNamingTheColumnAndWritesNothing() throws Exception {
        run(1, "id,amount\n1,1.5\n").run();
        Table before = table();

        assertThatThrownBy(() -> run(2, "id,amount\nA-1,1.5\nA-2,2.75\n").run())
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageStartingWith("table " + db + ".events: incompatible type change, nothing was written:"
                        + " column 'id' is int in the table, this batch needs string;"
                        + " column 'amount' is decimal(2,1) in the table, this batch needs decimal(3,2) (s3://")
                .hasMessageContaining(" has 'id' as string; s3://")
                .hasMessageEndingWith(" has 'amount' as decimal(3,2))");

        assertThat(aws.keys(out, PARTITION)).containsExactly(PARTITION + "part-1-0.parquet");
        assertThat(aws.keys(out, "p/_rejects/2/")).isEmpty();
        assertThat(table().storageDescriptor().columns())
                .isEqualTo(before.storageDescriptor().columns());
        JsonNode report = new ObjectMapper().readTree(aws.get(out, "p/_reports/2.json"));
        assertThat(report.get("error").asText()).contains("column 'id' is int in the table");
        assertThat(report.get("rowsWritten").asLong()).isZero();
        assertThat(report.get("files").get(0).get("error").asText()).startsWith("not converted: table ");
    }

    @Test
    void aMissingDatabaseFailsTheRunBeforeWriting() {
        TestRun run = new TestRun(aws, out, "no_such_db", "events", 1).s3File(in, "x.csv", "a\n1\n".getBytes(UTF_8));

        assertThatThrownBy(run::run)
                .hasMessage("the Glue database 'no_such_db' does not exist (the infrastructure stack creates it);"
                        + " nothing was written");
        assertThat(aws.keys(out, "p/events/")).isEmpty();
    }
}
