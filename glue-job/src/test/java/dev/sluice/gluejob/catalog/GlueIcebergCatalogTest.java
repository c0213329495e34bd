package dev.sluice.gluejob.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gluejob.storage.StoreSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's Iceberg catalog properties, from the Spark settings the application stack gives it. */
class GlueIcebergCatalogTest {

    @Test
    void onAwsTheTemplatesSettingsMakeAGlueCatalogWithS3FileIoOverTheOutputBucket() {
        Map<String, String> properties = GlueIcebergCatalog.properties(
                ApplicationTemplateConf.sparkConf("sluice-dev-output-1-us-east-1"), StoreSettings.aws());

        assertThat(properties)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog",
                        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                        "warehouse", "s3://sluice-dev-output-1-us-east-1/"));
    }

    @Test
    void anEmulatorEndpointReachesGlueAndS3WithPathStyleBuckets() {
        Map<String, String> properties = GlueIcebergCatalog.properties(
                ApplicationTemplateConf.sparkConf("out"), new StoreSettings("http://127.0.0.1:5000", "eu-west-1"));

        assertThat(properties)
                .containsEntry("glue.endpoint", "http://127.0.0.1:5000")
                .containsEntry("s3.endpoint", "http://127.0.0.1:5000")
                .containsEntry("s3.path-style-access", "true")
                .containsEntry("client.region", "eu-west-1");
    }

    @Test
    void aJobDeployedWithoutTheCatalogSettingsSaysWhatToDeploy() {
        assertThatThrownBy(() -> GlueIcebergCatalog.properties(
                        Map.of("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS"), StoreSettings.aws()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spark.sql.catalog.sluice.catalog-impl is missing")
                .hasMessageContaining("deploy the application stack");
    }
}
