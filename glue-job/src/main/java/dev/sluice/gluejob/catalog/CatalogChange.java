package dev.sluice.gluejob.catalog;

import java.util.List;

/** What a commit changed in the Data Catalog. */
public record CatalogChange(
        boolean tableCreated,
        List<String> columnsAdded,
        boolean partitionCreated,
        boolean partitionUpdated,
        String partitionLocation) {

    public CatalogChange {
        columnsAdded = List.copyOf(columnsAdded);
    }
}
