package dev.sluice.batch.catalog;

import dev.sluice.manifest.OutputLayout;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.List;

/** The columns of a Sluice table: external Parquet, partitioned by ingest date. */
public final class TableDefinitions {

    public static final String PARTITION_KEY = OutputLayout.PARTITION_KEY;

    /**
     * The catalog types of the metadata columns processor-core appends ({@link Schema#METADATA_COLUMNS},
     * in that order): a UTC millisecond timestamp and two strings.
     */
    public static final List<String> METADATA_TYPES = List.of("timestamp", "string", "string");

    private TableDefinitions() {}

    /** The batch's columns followed by the metadata columns. */
    public static List<CatalogTable.CatalogColumn> columns(Schema schema) {
        List<CatalogTable.CatalogColumn> columns = new ArrayList<>();
        for (var c : schema.columns()) {
            columns.add(new CatalogTable.CatalogColumn(
                    c.name(),
                    c.type().athenaType(),
                    c.originalName().equals(c.name()) ? "" : "CSV header: " + c.originalName()));
        }
        for (int i = 0; i < Schema.METADATA_COLUMNS.size(); i++) {
            columns.add(new CatalogTable.CatalogColumn(Schema.METADATA_COLUMNS.get(i), METADATA_TYPES.get(i), ""));
        }
        return columns;
    }
}
