package dev.sluice.controlplane.releases;

import jakarta.annotation.PreDestroy;
import java.io.InputStream;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads artifacts that CI put into S3 ({@code s3://bucket/key}), with the control plane's own
 * credentials: the team's artifact bucket, not an environment's account.
 */
@Component
class ArtifactSources {

    private final ObjectProvider<AwsCredentialsProvider> credentials;
    private final ReleasesProperties properties;
    private final String region;
    private volatile S3Client s3;

    ArtifactSources(
            ObjectProvider<AwsCredentialsProvider> credentials,
            ReleasesProperties properties,
            @Value("${spring.cloud.aws.region.static:${AWS_REGION:us-east-1}}") String region) {
        this.credentials = credentials;
        this.properties = properties;
        this.region = region;
    }

    /** Opens the object; the caller closes the stream. */
    InputStream open(String field, String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidReleaseRequestException(field + ".uri", "is not a URI: " + uri);
        }
        if (!"s3".equals(parsed.getScheme())
                || parsed.getHost() == null
                || parsed.getPath().length() < 2) {
            throw new InvalidReleaseRequestException(field + ".uri", "must be s3://bucket/key, was " + uri);
        }
        String bucket = parsed.getHost();
        String key = parsed.getPath().substring(1);
        try {
            return client().getObject(r -> r.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new InvalidReleaseRequestException(
                    field + ".uri",
                    "cannot be read: " + uri + " (" + e.awsErrorDetails().errorMessage() + ", HTTP " + e.statusCode()
                            + ")");
        } catch (SdkClientException e) {
            // No answer from S3 at all (endpoint, network, credentials): said as plainly, nothing kept.
            throw new InvalidReleaseRequestException(
                    field + ".uri", "cannot be read: " + uri + " (" + e.getMessage() + ")");
        }
    }

    private S3Client client() {
        if (s3 == null) {
            synchronized (this) {
                if (s3 == null) {
                    var builder = S3Client.builder()
                            .region(Region.of(region))
                            .credentialsProvider(credentials.getIfAvailable(
                                    () -> DefaultCredentialsProvider.builder().build()));
                    if (properties.artifactEndpoint() != null) {
                        builder.endpointOverride(properties.artifactEndpoint()).forcePathStyle(true);
                    }
                    s3 = builder.build();
                }
            }
        }
        return s3;
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
