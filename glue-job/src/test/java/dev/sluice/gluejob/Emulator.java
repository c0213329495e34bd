package dev.sluice.gluejob;

import dev.sluice.testsupport.AwsEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3 and the Glue Data Catalog of the shared AWS emulator, as the tests use them. */
public final class Emulator {

    public static final AwsEmulator AWS = AwsEmulator.shared();

    public final S3Client s3 = S3Client.builder()
            .endpointOverride(AWS.endpoint())
            .forcePathStyle(true)
            .region(Region.of(AwsEmulator.REGION))
            .credentialsProvider(credentials())
            .build();

    public final GlueClient glue = GlueClient.builder()
            .endpointOverride(AWS.endpoint())
            .region(Region.of(AwsEmulator.REGION))
            .credentialsProvider(credentials())
            .build();

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY));
    }

    /** A bucket of its own for a test, so that tests never see each other's objects. */
    public String bucket(String purpose) {
        String name = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    public String database(String purpose) {
        String name = purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        glue.createDatabase(b -> b.databaseInput(d -> d.name(name)));
        return name;
    }

    /** A bucket that keeps every version of a key, as the input bucket the templates create. */
    public String versionedBucket(String purpose) {
        String name = bucket(purpose);
        s3.putBucketVersioning(
                b -> b.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return name;
    }

    /** Stores the object; what S3 says of the version written. */
    public Put put(String bucket, String key, byte[] bytes) {
        var response = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        String version =
                response.versionId() == null || "null".equals(response.versionId()) ? "" : response.versionId();
        return new Put(version, response.eTag().replace("\"", ""), bytes.length);
    }

    /** One version of an object as S3 recorded it: what a notification carries. */
    public record Put(String versionId, String etag, long size) {}

    public void download(String bucket, String key, Path target) {
        s3.getObject(b -> b.bucket(bucket).key(key), target);
    }

    public byte[] get(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }
}
