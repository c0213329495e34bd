package dev.sluice.controlplane.ingest;

import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Lists with ListObjectsV2 and names the current version with HeadObject. ListObjectVersions was
 * not chosen: it pages through every noncurrent version and delete marker too, so its cost grows
 * with the bucket's history, while a notification only ever named the version that was current.
 * HeadObject is paid only for objects the ledger lacks, which are few unless notifications fail.
 */
@Component
@Profile("aws")
class S3InputListing implements InputListing {

    private final S3Client s3;

    S3InputListing(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public ListingPage page(String bucket, String prefix, Optional<String> token, int maxKeys) {
        ListObjectsV2Response response = s3.listObjectsV2(
                b -> b.bucket(bucket).prefix(prefix).maxKeys(maxKeys).continuationToken(token.orElse(null)));
        var objects = response.contents().stream()
                .map(o -> new ListedObject(
                        o.key(),
                        o.size(),
                        o.lastModified(),
                        Optional.ofNullable(o.eTag()).map(S3InputListing::unquote)))
                .toList();
        return new ListingPage(
                objects,
                Boolean.TRUE.equals(response.isTruncated())
                        ? Optional.of(response.nextContinuationToken())
                        : Optional.empty());
    }

    @Override
    public Optional<FileArrived> current(String bucket, String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        }
        String etag = unquote(head.eTag());
        String version = head.versionId();
        String versionTag = version == null || version.isEmpty() || "null".equals(version) ? etag : version;
        return Optional.of(
                new FileArrived(bucket, key, versionTag, etag, head.contentLength(), head.lastModified(), ""));
    }

    private static String unquote(String etag) {
        return etag.replace("\"", "");
    }
}
