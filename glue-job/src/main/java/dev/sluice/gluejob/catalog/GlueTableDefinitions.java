package dev.sluice.gluejob.catalog;

import dev.sluice.batch.catalog.CatalogTable;
import dev.sluice.batch.catalog.TableDefinitions;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The Data Catalog entries of a Sluice table: external Parquet, partitioned by ingest date. */
final class GlueTableDefinitions {

    static final String PARTITION_KEY = TableDefinitions.PARTITION_KEY;

    static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private GlueTableDefinitions() {}

    /** The batch's columns followed by the metadata columns. */
    static List<Column> columns(Schema schema) {
        List<Column> columns = new ArrayList<>();
        for (CatalogTable.CatalogColumn c : TableDefinitions.columns(schema)) {
            columns.add(Column.builder()
                    .name(c.name())
                    .type(c.type())
                    .comment(c.comment().isEmpty() ? null : c.comment())
                    .build());
        }
        return columns;
    }

    /** The table as every catalog describes it, for {@link dev.sluice.batch.catalog.TablePlanner}. */
    static CatalogTable describe(Table table) {
        return new CatalogTable(
                table.storageDescriptor().columns().stream()
                        .map(c -> new CatalogTable.CatalogColumn(c.name(), c.type(), c.comment()))
                        .toList(),
                table.partitionKeys().stream().map(Column::name).toList());
    }

    static TableInput newTable(String name, String location, List<Column> columns) {
        return TableInput.builder()
                .name(name)
                .description("Written by Sluice: CSV files converted to Parquet, one partition per ingest date.")
                .tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "parquet", "EXTERNAL", "TRUE", "parquet.compression", "SNAPPY"))
                .partitionKeys(
                        Column.builder().name(PARTITION_KEY).type("string").build())
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(columns)
                        .location(location)
                        .inputFormat(INPUT_FORMAT)
                        .outputFormat(OUTPUT_FORMAT)
                        .compressed(false)
                        .serdeInfo(s -> s.serializationLibrary(SERDE).parameters(Map.of("serialization.format", "1")))
                        .build())
                .build();
    }

    /** The table as it is, with {@code columns} in place of its columns. */
    static TableInput withColumns(Table table, List<Column> columns) {
        return TableInput.builder()
                .name(table.name())
                .description(table.description())
                .owner(table.owner())
                .retention(table.retention())
                .tableType(table.tableType())
                .parameters(table.parameters())
                .partitionKeys(table.partitionKeys())
                .viewOriginalText(table.viewOriginalText())
                .viewExpandedText(table.viewExpandedText())
                .targetTable(table.targetTable())
                .storageDescriptor(
                        table.storageDescriptor().toBuilder().columns(columns).build())
                .build();
    }

    /** A partition of the table at {@code location}, with the table's current columns. */
    static PartitionInput partition(Table table, String ingestDate, String location) {
        return PartitionInput.builder()
                .values(ingestDate)
                .storageDescriptor(
                        table.storageDescriptor().toBuilder().location(location).build())
                .build();
    }
}
