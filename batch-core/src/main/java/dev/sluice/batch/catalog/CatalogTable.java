package dev.sluice.batch.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A table as its catalog has it, whichever catalog that is: its columns with their catalog types
 * (Athena's names: {@code bigint}, {@code decimal(12,4)}...) and its partition keys.
 */
public record CatalogTable(List<CatalogColumn> columns, List<String> partitionKeys) {

    /** One column; {@code comment} is {@code ""} when there is none. */
    public record CatalogColumn(String name, String type, String comment) {
        public CatalogColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            comment = comment == null ? "" : comment;
        }
    }

    public CatalogTable {
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
    }
}
