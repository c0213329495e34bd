package dev.sluice.gluejob.catalog;

import dev.sluice.gluejob.storage.StoreSettings;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.AwsProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Catalog;

/**
 * The job's Iceberg catalog, built from the Spark catalog the application stack configures
 * ({@code --conf spark.sql.catalog.sluice.*}): on AWS the Glue Data Catalog
 * ({@code org.apache.iceberg.aws.glue.GlueCatalog}) with S3FileIO, its warehouse the output bucket.
 * The one definition serves the job's own commits and any Spark SQL on the same session, so the two
 * never disagree about where a table is. Iceberg itself comes from Glue ({@code --datalake-formats
 * iceberg}); this jar carries none.
 */
public final class GlueIcebergCatalog {

    /** The Spark catalog's name, {@code spark.sql.catalog.<NAME>} in the application template. */
    public static final String NAME = "sluice";

    static final String PREFIX = "spark.sql.catalog." + NAME + ".";

    private GlueIcebergCatalog() {}

    /**
     * Loads the catalog the Spark configuration describes.
     *
     * @param sparkConf the session's configuration ({@code SparkConf.getAll()})
     * @param hadoopConf Spark's Hadoop configuration, for catalogs that take one
     * @throws IllegalStateException naming the missing setting when the job was deployed without it
     */
    public static Catalog load(Map<String, String> sparkConf, StoreSettings store, Object hadoopConf) {
        return CatalogUtil.buildIcebergCatalog(NAME, properties(sparkConf, store), hadoopConf);
    }

    /**
     * The catalog's properties: the Spark catalog's, without their prefix, plus the region and
     * endpoints of {@code --region} and {@code --endpoint_url} (an emulator) when the job has them.
     */
    public static Map<String, String> properties(Map<String, String> sparkConf, StoreSettings store) {
        Map<String, String> properties = new TreeMap<>();
        sparkConf.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                properties.put(key.substring(PREFIX.length()), value);
            }
        });
        if (!properties.containsKey(CatalogProperties.CATALOG_IMPL)) {
            throw new IllegalStateException("this run's output format is iceberg, but the job has no Iceberg catalog:"
                    + " the Spark setting " + PREFIX + CatalogProperties.CATALOG_IMPL + " is missing (the"
                    + " application stack sets it, with --datalake-formats iceberg, in the job's --conf);"
                    + " deploy the application stack; nothing was written");
        }
        store.regionOverride().ifPresent(region -> properties.put(AwsClientProperties.CLIENT_REGION, region));
        store.endpointOverride().ifPresent(endpoint -> {
            properties.put(AwsProperties.GLUE_CATALOG_ENDPOINT, endpoint.toString());
            properties.put(S3FileIOProperties.ENDPOINT, endpoint.toString());
            // an emulator answers on one host name: buckets go into the path
            properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
        });
        return properties;
    }
}
