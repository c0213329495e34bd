package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.pipelines.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The aws profile's pipeline tables, loaded through the Glue Data Catalog as the Glue job commits
 * them (Iceberg's GlueCatalog, the metadata read with S3FileIO). The control plane only reads:
 * the warehouse is never written.
 */
public final class GlueIcebergTables implements IcebergTables, AutoCloseable {

    private static final String KEYS = "client.credentials-provider.";

    private final GlueCatalog catalog = new GlueCatalog();

    /**
     * @param endpoint an emulator's endpoint for Glue and S3, or null for AWS's own
     * @param accessKey with {@code secretKey}, fixed credentials; null for the SDK's default chain
     */
    public GlueIcebergTables(URI endpoint, String region, String accessKey, String secretKey) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CatalogProperties.WAREHOUSE_LOCATION, "s3://sluice-reads-only");
        if (region != null) {
            p.put(AwsClientProperties.CLIENT_REGION, region);
        }
        if (endpoint != null) {
            p.put(AwsProperties.GLUE_CATALOG_ENDPOINT, endpoint.toString());
            p.put(S3FileIOProperties.ENDPOINT, endpoint.toString());
            // an emulator answers on one host name: buckets go into the path
            p.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
        }
        if (accessKey != null && secretKey != null) {
            p.put(AwsClientProperties.CLIENT_CREDENTIALS_PROVIDER, FixedKeys.class.getName());
            p.put(KEYS + "access-key", accessKey);
            p.put(KEYS + "secret-key", secretKey);
        }
        catalog.initialize("sluice", p);
    }

    @Override
    public Optional<Table> table(Pipeline pipeline) {
        var job = pipeline.settings().job();
        try {
            return Optional.of(catalog.loadTable(TableIdentifier.of(Namespace.of(job.database()), job.table())));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            catalog.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code spring.cloud.aws.credentials} keys, as Iceberg builds a credentials provider: by name. */
    public static final class FixedKeys implements AwsCredentialsProvider {
        private final AwsCredentials keys;

        private FixedKeys(AwsCredentials keys) {
            this.keys = keys;
        }

        public static FixedKeys create(Map<String, String> properties) {
            return new FixedKeys(
                    AwsBasicCredentials.create(properties.get("access-key"), properties.get("secret-key")));
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return keys;
        }
    }
}
