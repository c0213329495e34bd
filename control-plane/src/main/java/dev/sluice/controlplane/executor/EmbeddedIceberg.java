package dev.sluice.controlplane.executor;

import dev.sluice.batch.iceberg.IcebergTableCatalog;
import dev.sluice.batch.iceberg.LocalFileIO;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.manifest.OutputLayout;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.ClientPool;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's JDBC catalog on the control plane's own database (H2 embedded, PostgreSQL when the
 * control plane runs on one): its two tables come with the Flyway migrations, so the catalog never
 * creates them; tables and their data live under the pipelines' outputs ({@code sluice-data/output/}).
 * A commit is the catalog's compare-and-swap of the table's metadata file pointer in one SQL update.
 */
final class EmbeddedIceberg implements AutoCloseable {

    static final String CATALOG_NAME = "sluice";

    private final JdbcCatalog catalog;

    EmbeddedIceberg(DataSource dataSource, Path warehouse) {
        this.catalog = new JdbcCatalog(p -> new LocalFileIO(), p -> new DataSourcePool(dataSource, p), false);
        catalog.initialize(
                CATALOG_NAME,
                Map.of(
                        // read by the catalog's constructor checks only: connections come from the DataSource
                        CatalogProperties.URI,
                        "jdbc:sluice-datasource",
                        CatalogProperties.WAREHOUSE_LOCATION,
                        warehouse.toUri().toString(),
                        "jdbc.schema-version",
                        "V1"));
    }

    Catalog catalog() {
        return catalog;
    }

    /** The pipeline table's Iceberg catalog: metadata under {@code <output>/<table>/metadata/}. */
    IcebergTableCatalog table(ObjectLocation output, String database, String table) {
        String location =
                output.asPrefix().resolve(OutputLayout.tablePrefix(table)).uri();
        return new IcebergTableCatalog(catalog, database, table, location, Map.of());
    }

    @Override
    public void close() {
        catalog.close();
    }

    /**
     * Each catalog action on a connection borrowed from the control plane's pool and given back, so
     * that the catalog holds none between commits.
     */
    private static final class DataSourcePool extends JdbcClientPool {
        private final DataSource dataSource;

        DataSourcePool(DataSource dataSource, Map<String, String> properties) {
            super(1, "jdbc:sluice-datasource", properties);
            this.dataSource = dataSource;
        }

        @Override
        public <R> R run(ClientPool.Action<R, Connection, SQLException> action) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                return action.run(c);
            }
        }

        @Override
        public <R> R run(ClientPool.Action<R, Connection, SQLException> action, boolean retry) throws SQLException {
            return run(action);
        }

        @Override
        protected Connection newClient() {
            throw new UnsupportedOperationException("connections come from the DataSource");
        }
    }
}
