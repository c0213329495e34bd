package dev.sluice.gluejob.storage;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.batch.storage.SparseFile;
import dev.sluice.batch.storage.StorageFaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Objects in S3. Files above {@link #partBytes} go up in parts (a single PUT stops at 5 GB). */
final class S3ObjectStore implements ObjectStore {

    static final long DEFAULT_PART_BYTES = 64L << 20;

    private final S3Client s3;
    private final long partBytes;

    S3ObjectStore(S3Client s3) {
        this(s3, DEFAULT_PART_BYTES);
    }

    S3ObjectStore(S3Client s3, long partBytes) {
        this.s3 = s3;
        this.partBytes = partBytes;
    }

    @Override
    public byte[] read(ObjectLocation location) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()))
                    .asByteArray();
        } catch (S3Exception e) {
            throw unavailable(location, e);
        } catch (SdkException e) {
            throw notRead(location, e);
        }
    }

    @Override
    public void download(ObjectLocation location, Path target) {
        try {
            s3.getObject(b -> b.bucket(location.bucket()).key(location.key()), ResponseTransformer.toFile(target));
        } catch (S3Exception e) {
            throw unavailable(location, e);
        } catch (SdkException e) {
            throw notRead(location, e);
        }
    }

    /**
     * A versioned object is read by its version id; an unversioned one with {@code If-Match} on the
     * ETag recorded at arrival, so that S3 itself refuses bytes written since.
     */
    @Override
    public void download(ObjectLocation location, ObjectVersion version, Path target) {
        try {
            s3.getObject(b -> pinned(b, location, version), ResponseTransformer.toFile(target));
        } catch (S3Exception e) {
            throw notAsArrived(location, version, e);
        } catch (SdkException e) {
            throw notRead(location, e);
        }
    }

    /**
     * A ranged GET of the version that arrived, written at its offsets; an empty range reads
     * nothing. A read cut short is retried by the client from the range's start (writing the same
     * bytes at the same offsets again), as {@link ResponseTransformer#toFile} retries.
     */
    @Override
    public void downloadRange(ObjectLocation location, ObjectVersion version, long start, long end, Path target) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bytes [" + start + ", " + end + ") of " + location + " is no range");
        }
        try {
            if (end == start || (version.size() > 0 && start >= version.size())) {
                SparseFile.write(InputStream.nullInputStream(), 0, target, start);
                return;
            }
            s3.getObject(
                    b -> pinned(b, location, version).range("bytes=" + start + "-" + (end - 1)), (response, in) -> {
                        try {
                            SparseFile.write(in, end - start, target, start);
                        } catch (IOException e) {
                            throw RetryableException.builder()
                                    .message("Failed to read " + location + " into " + target)
                                    .cause(e)
                                    .build();
                        }
                        return response;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } catch (S3Exception e) {
            throw notAsArrived(location, version, e);
        } catch (SdkException e) {
            throw notRead(location, e);
        }
    }

    /** A GET of exactly the bytes that arrived: by version id, else by the ETag recorded then. */
    private static GetObjectRequest.Builder pinned(
            GetObjectRequest.Builder b, ObjectLocation location, ObjectVersion version) {
        b.bucket(location.bucket()).key(location.key());
        if (!version.versionId().isEmpty()) {
            b.versionId(version.versionId());
        } else if (!version.etag().isEmpty()) {
            b.ifMatch("\"" + version.etag() + "\"");
        }
        return b;
    }

    /** A read that failed for want of an answer (a dropped connection after the retries). */
    private static StorageFaultException notRead(ObjectLocation location, SdkException e) {
        return new StorageFaultException(location + " cannot be read now: " + e.getMessage(), e);
    }

    private static RuntimeException notAsArrived(ObjectLocation location, ObjectVersion version, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 412) {
            return new ObjectUnavailableException(
                    location + " holds other bytes than arrived (ETag " + version.etag()
                            + " expected): it was overwritten, and the new bytes are an arrival of their own",
                    e);
        }
        if (!version.versionId().isEmpty() && (e.statusCode() == 404 || "NoSuchVersion".equals(code))) {
            return new ObjectUnavailableException(
                    location + " version " + version.versionId() + " no longer exists (" + code + ")", e);
        }
        return unavailable(location, e);
    }

    @Override
    public void upload(Path source, ObjectLocation location) {
        try {
            long size = Files.size(source);
            if (size <= partBytes) {
                s3.putObject(b -> b.bucket(location.bucket()).key(location.key()), RequestBody.fromFile(source));
            } else {
                uploadInParts(source, size, location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + source + " to " + location, e);
        } catch (SdkException e) {
            throw notWritten(location, e);
        }
    }

    /**
     * S3 refused a write, or its connection failed, after the client's retries: the message names
     * the object, the SDK's says why and after how many attempts.
     */
    private static StorageFaultException notWritten(ObjectLocation location, SdkException e) {
        return new StorageFaultException(location + " cannot be written: " + e.getMessage(), e);
    }

    private void uploadInParts(Path source, long size, ObjectLocation location) throws IOException {
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(location.bucket()).key(location.key()))
                .uploadId();
        try (InputStream in = Files.newInputStream(source)) {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partBytes, number++) {
                int length = (int) Math.min(partBytes, size - offset);
                byte[] part = in.readNBytes(length);
                int n = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(location.bucket())
                                        .key(location.key())
                                        .uploadId(uploadId)
                                        .partNumber(n),
                                RequestBody.fromBytes(part))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(location.bucket())
                    .key(location.key())
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(
                    b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
            throw e;
        }
    }

    /**
     * Copies on the server side: one CopyObject up to {@link #partBytes}, else part by part
     * (CopyObject stops at 5 GB).
     */
    @Override
    public void copy(ObjectLocation from, ObjectLocation to) {
        try {
            copyObject(from, to);
        } catch (SdkException e) {
            throw new StorageFaultException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private void copyObject(ObjectLocation from, ObjectLocation to) {
        long size = s3.headObject(b -> b.bucket(from.bucket()).key(from.key())).contentLength();
        if (size <= partBytes) {
            s3.copyObject(b -> b.sourceBucket(from.bucket())
                    .sourceKey(from.key())
                    .destinationBucket(to.bucket())
                    .destinationKey(to.key()));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partBytes, number++) {
                String range = "bytes=" + offset + "-" + (Math.min(offset + partBytes, size) - 1);
                int n = number;
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(from.bucket())
                                .sourceKey(from.key())
                                .copySourceRange(range)
                                .destinationBucket(to.bucket())
                                .destinationKey(to.key())
                                .uploadId(uploadId)
                                .partNumber(n))
                        .copyPartResult()
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId));
            throw e;
        }
    }

    @Override
    public void put(ObjectLocation location, byte[] bytes, String contentType) {
        try {
            s3.putObject(
                    b -> b.bucket(location.bucket()).key(location.key()).contentType(contentType),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw notWritten(location, e);
        }
    }

    @Override
    public int deletePrefix(ObjectLocation prefix) {
        try {
            return deleteAll(prefix);
        } catch (SdkException e) {
            throw new StorageFaultException("cannot remove the objects under " + prefix + ": " + e.getMessage(), e);
        }
    }

    private int deleteAll(ObjectLocation prefix) {
        int deleted = 0;
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key()))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b ->
                        b.bucket(prefix.bucket()).delete(d -> d.objects(keys).quiet(true)));
                deleted += keys.size();
            }
        }
        return deleted;
    }

    /**
     * What S3 answered of the object itself (absent, forbidden) fails that file alone; throttling
     * and 5xx after the retries are a fault of the moment ({@link StorageFaultException}): the run
     * fails and is retried, and the file is not reported failed for it.
     */
    private static RuntimeException unavailable(ObjectLocation location, S3Exception e) {
        if (e.statusCode() >= 500 || e.statusCode() == 429 || e.isThrottlingException()) {
            return notRead(location, e);
        }
        String why = switch (e.statusCode()) {
            case 404 -> "does not exist";
            case 403 -> "may not be read (access denied)";
            default -> "cannot be read";
        };
        String detail = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorCode();
        return new ObjectUnavailableException(location + " " + why + " (" + detail + ")", e);
    }
}
