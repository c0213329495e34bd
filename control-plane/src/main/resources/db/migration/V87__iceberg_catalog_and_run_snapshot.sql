-- Iceberg's JDBC catalog (schema version V1, as org.apache.iceberg.jdbc.JdbcUtil creates it): the
-- embedded control plane's Iceberg tables, their metadata file pointer swapped atomically per commit.
CREATE TABLE iceberg_tables (
    catalog_name VARCHAR(255) NOT NULL,
    table_namespace VARCHAR(255) NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    metadata_location VARCHAR(1000),
    previous_metadata_location VARCHAR(1000),
    iceberg_type VARCHAR(5),
    PRIMARY KEY (catalog_name, table_namespace, table_name)
);

CREATE TABLE iceberg_namespace_properties (
    catalog_name VARCHAR(255) NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    property_key VARCHAR(255),
    property_value VARCHAR(1000),
    PRIMARY KEY (catalog_name, namespace, property_key)
);

-- The Iceberg snapshot that holds a run's rows, from the run's report.
CREATE TABLE run_snapshot (
    run_id BIGINT PRIMARY KEY REFERENCES run (id),
    snapshot_id BIGINT NOT NULL,
    attempt INT NOT NULL,
    added_files BIGINT NOT NULL,
    deleted_files BIGINT NOT NULL,
    added_rows BIGINT NOT NULL,
    deleted_rows BIGINT NOT NULL,
    added_delete_files BIGINT NOT NULL,
    equality_delete_keys BIGINT NOT NULL,
    commit_millis BIGINT NOT NULL
);
