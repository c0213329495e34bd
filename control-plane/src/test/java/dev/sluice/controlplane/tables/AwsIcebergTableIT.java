package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.AwsEmulator;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The table view on the {@code aws} profile: an Iceberg table in the emulator's Glue Data Catalog,
 * committed as the Glue job commits (GlueCatalog, metadata in the output bucket, snapshot summaries
 * naming run and attempt), read back by the control plane through Iceberg's GlueCatalog.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
@DirtiesContext
class AwsIcebergTableIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String TOKEN = "aws-iceberg-table-bootstrap-token-01";
    static final String DATABASE = "sluice_ice_" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline("ice-table-in", "ice-table-out", "ice-table-queue", "ice-table-job");
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.ingest.queue", () -> "ice-table-queue");
        String p = "sluice.pipelines.ice.";
        registry.add(p + "environment", () -> "prod");
        registry.add(p + "input.bucket", () -> "ice-table-in");
        registry.add(p + "output.bucket", () -> "ice-table-out");
        registry.add(p + "output.format", () -> "iceberg");
        registry.add(p + "job.name", () -> "ice-table-job");
        registry.add(p + "job.database", () -> DATABASE);
        registry.add(p + "job.table", () -> "events");
    }

    @LocalServerPort
    int port;

    @Test
    void theTableViewReadsTheSnapshotsAndSchemaFromTheGlueDataCatalog() {
        GlueCatalog writer = new GlueCatalog();
        writer.initialize(
                "job",
                Map.of(
                        "warehouse",
                        "s3://ice-table-out",
                        AwsClientProperties.CLIENT_REGION,
                        AwsEmulator.REGION,
                        AwsProperties.GLUE_CATALOG_ENDPOINT,
                        aws.emulator.endpoint().toString(),
                        S3FileIOProperties.ENDPOINT,
                        aws.emulator.endpoint().toString(),
                        S3FileIOProperties.PATH_STYLE_ACCESS,
                        "true",
                        AwsClientProperties.CLIENT_CREDENTIALS_PROVIDER,
                        "dev.sluice.controlplane.executor.GlueIcebergTables$FixedKeys",
                        "client.credentials-provider.access-key",
                        AwsEmulator.ACCESS_KEY,
                        "client.credentials-provider.secret-key",
                        AwsEmulator.SECRET_KEY));
        try {
            writer.createNamespace(Namespace.of(DATABASE));
        } catch (AlreadyExistsException e) {
            // another run of this test on the shared emulator
        }
        Schema schema = new Schema(Types.NestedField.optional(1, "id", Types.IntegerType.get()));
        Table table = writer.createTable(
                TableIdentifier.of(DATABASE, "events"),
                schema,
                PartitionSpec.unpartitioned(),
                "s3://ice-table-out/events",
                Map.of("format-version", "2"));
        table.newAppend()
                .appendFile(file(table, 2))
                .set("sluice.run-id", "41")
                .set("sluice.attempt", "1")
                .commit();
        table.updateSchema()
                .addColumn("note", Types.StringType.get())
                .updateColumn("id", Types.LongType.get())
                .commit();
        table.newAppend()
                .appendFile(file(table, 1))
                .set("sluice.run-id", "42")
                .set("sluice.attempt", "2")
                .commit();

        JsonNode answer = Http.to(port)
                .as(TOKEN)
                .get("/api/v1/insights/pipelines/ice/table")
                .json();

        assertThat(answer.path("source").asString()).as(answer.toString()).isEqualTo("iceberg");
        assertThat(answer.path("columns").get(0).path("type").asString()).isEqualTo("bigint");
        assertThat(answer.path("columns").get(1).path("name").asString()).isEqualTo("note");
        assertThat(answer.path("columns").get(1).path("fieldId").asInt()).isEqualTo(2);
        JsonNode newest = answer.path("snapshots").get(0);
        assertThat(newest.path("runId").asLong()).isEqualTo(42);
        assertThat(newest.path("attempt").asInt()).isEqualTo(2);
        assertThat(newest.path("addedRows").asLong()).isEqualTo(1);
        assertThat(newest.path("added").get(0).path("column").asString()).isEqualTo("note");
        assertThat(newest.path("widened").get(0).path("from").asString()).isEqualTo("int");
        assertThat(answer.path("snapshots").get(1).path("runId").asLong()).isEqualTo(41);
    }

    private static DataFile file(Table table, long rows) {
        // the view reads metadata only: a data file's entry is enough, as the job's manifests hold it
        return DataFiles.builder(table.spec())
                .withPath("s3://ice-table-out/events/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(100)
                .withRecordCount(rows)
                .build();
    }
}
