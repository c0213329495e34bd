package dev.sluice.gluejob.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gluejob.Emulator;
import dev.sluice.gluejob.storage.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.GetTableResponse;

/**
 * The Glue Data Catalog as Iceberg catalog, as the job builds it from the application stack's
 * settings, on the emulator's Glue and S3 and with Glue 5.0's Iceberg (the Spark runtime jar alone
 * on the class path): the table is created, appends are committed and read back.
 *
 * <p>What the emulator (moto) does not do: it ignores the {@code VersionId} that makes Glue's
 * UpdateTable conditional, so two writers racing between GetTable and UpdateTable are not caught
 * by the emulator as they are by Glue; GlueCatalog's own check of the metadata location it read,
 * which the concurrent-commit test below exercises, still refuses a stale commit and retries it.
 */
class GlueIcebergCatalogOnMotoIT {

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.required(3, "processed_at", Types.TimestampType.withoutZone()));
    static final PartitionSpec SPEC =
            PartitionSpec.builderFor(SCHEMA).day("processed_at").build();

    final Emulator aws = new Emulator();
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");
    final TableIdentifier events = TableIdentifier.of(db, "events");

    Catalog catalog() {
        return GlueIcebergCatalog.load(
                ApplicationTemplateConf.sparkConf(out),
                new StoreSettings(Emulator.AWS.endpoint().toString(), "us-east-1"),
                null);
    }

    GetTableResponse glueTable() {
        return aws.glue.getTable(b -> b.databaseName(db).name("events"));
    }

    @Test
    void theCatalogCreatesTheTableInGlueWithItsMetadataInTheOutputBucket() {
        Catalog catalog = catalog();
        assertThat(catalog).isInstanceOf(GlueCatalog.class);

        catalog.createTable(events, SCHEMA, SPEC, "s3://" + out + "/events", Map.of("format-version", "2"));

        Map<String, String> parameters = glueTable().table().parameters();
        assertThat(parameters).containsEntry("table_type", "ICEBERG");
        String metadata = parameters.get("metadata_location");
        assertThat(metadata).startsWith("s3://" + out + "/events/metadata/").endsWith(".metadata.json");
        assertThat(aws.keys(out, "events/metadata/"))
                .containsExactly(metadata.substring(("s3://" + out + "/").length()));
    }

    @Test
    void anAppendIsOneSnapshotThatAnotherCatalogReadsBackRowForRow() {
        Table table = catalog().createTable(events, SCHEMA, SPEC, "s3://" + out + "/events", Map.of());
        String created = glueTable().table().parameters().get("metadata_location");

        table.newAppend()
                .appendFile(dataFile(table, row(1, "a"), row(2, "b")))
                .set("sluice.run-id", "7")
                .commit();

        Map<String, String> parameters = glueTable().table().parameters();
        assertThat(parameters.get("metadata_location")).isNotEqualTo(created);
        assertThat(parameters).containsEntry("previous_metadata_location", created);

        Table again = catalog().loadTable(events);
        Snapshot snapshot = again.currentSnapshot();
        assertThat(snapshot.summary())
                .containsEntry("sluice.run-id", "7")
                .containsEntry("added-data-files", "1")
                .containsEntry("added-records", "2");
        assertThat(rows(again)).containsExactlyInAnyOrder("1 a", "2 b");
        assertThat(aws.keys(out, "events/data/")).singleElement().asString().contains("processed_at_day=");
    }

    @Test
    void aCommitFromAStaleTableIsRetriedOnTheCurrentOneAndLosesNothing() {
        catalog().createTable(events, SCHEMA, SPEC, "s3://" + out + "/events", Map.of());
        Table first = catalog().loadTable(events);
        Table second = catalog().loadTable(events);

        first.newAppend().appendFile(dataFile(first, row(1, "a"))).commit();
        // second still holds the table as created; its commit must not replace the first's
        second.newAppend().appendFile(dataFile(second, row(2, "b"))).commit();

        Table current = catalog().loadTable(events);
        assertThat(rows(current)).containsExactlyInAnyOrder("1 a", "2 b");
        List<Snapshot> history = new ArrayList<>();
        current.snapshots().forEach(history::add);
        assertThat(history).hasSize(2);
        assertThat(history.get(1).parentId()).isEqualTo(history.get(0).snapshotId());
    }

    static Record row(long id, String name) {
        GenericRecord record = GenericRecord.create(SCHEMA);
        record.setField("id", id);
        record.setField("name", name);
        record.setField("processed_at", LocalDateTime.of(2026, 11, 25, 10, 0));
        return record;
    }

    /** One Parquet data file through Iceberg's generic writer and the table's own FileIO (S3FileIO). */
    static DataFile dataFile(Table table, Record... records) {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        // partition values are Iceberg's internal ones (micros for a timestamp)
        partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(records[0]));
        String location =
                table.locationProvider().newDataLocation(table.spec(), partition, UUID.randomUUID() + ".parquet");
        DataWriter<Record> writer = new GenericAppenderFactory(table.schema(), table.spec())
                .newDataWriter(
                        EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)),
                        FileFormat.PARQUET,
                        partition);
        try (writer) {
            for (Record record : records) {
                writer.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toDataFile();
    }

    static List<String> rows(Table table) {
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(r -> rows.add(r.getField("id") + " " + r.getField("name")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
