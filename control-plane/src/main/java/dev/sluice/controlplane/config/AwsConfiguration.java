package dev.sluice.controlplane.config;

import dev.sluice.controlplane.executor.GlueIcebergTables;
import dev.sluice.controlplane.executor.GlueJobExecutor;
import dev.sluice.controlplane.runs.JobExecutor;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.controlplane.storage.S3ObjectStore;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code aws} profile's adapters. Clients take region, credentials and endpoint from
 * {@code spring.cloud.aws.*}, like the S3 and SQS clients that Spring Cloud AWS builds.
 */
@Configuration(proxyBeanMethods = false)
@Profile("aws")
class AwsConfiguration {

    @Bean
    ObjectStore s3ObjectStore(S3Client s3) {
        return new S3ObjectStore(s3);
    }

    @Bean
    GlueClient glueClient(AwsClientBuilderConfigurer configurer) {
        return configurer.configure(GlueClient.builder()).build();
    }

    @Bean
    JobExecutor glueJobExecutor(GlueClient glue) {
        return new GlueJobExecutor(glue);
    }

    /** Iceberg tables as the Glue job commits them, with the same endpoint, region and keys as the SDK clients. */
    @Bean(destroyMethod = "close")
    GlueIcebergTables glueIcebergTables(
            @Value("${spring.cloud.aws.endpoint:#{null}}") URI endpoint,
            @Value("${spring.cloud.aws.region.static:#{null}}") String region,
            @Value("${spring.cloud.aws.credentials.access-key:#{null}}") String accessKey,
            @Value("${spring.cloud.aws.credentials.secret-key:#{null}}") String secretKey) {
        return new GlueIcebergTables(endpoint, region, accessKey, secretKey);
    }
}
