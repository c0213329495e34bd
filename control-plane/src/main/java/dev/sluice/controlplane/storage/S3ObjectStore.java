package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The object store on Amazon S3. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public StoredObject put(Location location, byte[] content) {
        PutObjectResponse response =
                s3.putObject(b -> b.bucket(location.bucket()).key(location.key()), RequestBody.fromBytes(content));
        return new StoredObject(location, content.length, unquote(response.eTag()), uri(location));
    }

    @Override
    public StoredObject put(Location location, InputStream content) {
        try {
            Path spool = Files.createTempFile("sluice-upload-", ".part");
            try {
                Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
                PutObjectResponse response =
                        s3.putObject(b -> b.bucket(location.bucket()).key(location.key()), RequestBody.fromFile(spool));
                return new StoredObject(location, Files.size(spool), unquote(response.eTag()), uri(location));
            } finally {
                Files.deleteIfExists(spool);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the upload for " + location, e);
        }
    }

    @Override
    public Optional<byte[]> read(Location location) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()))
                            .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> size(Location location) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(location.bucket()).key(location.key()))
                    .contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] readRange(Location location, long offset, int length) {
        if (length <= 0) {
            return new byte[0];
        }
        try {
            return s3.getObjectAsBytes(b -> b.bucket(location.bucket())
                            .key(location.key())
                            .range("bytes=" + offset + "-" + (offset + length - 1)))
                    .asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new byte[0]; // the range starts at or after the end of the object
            }
            throw e;
        }
    }

    @Override
    public void download(Location location, Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
        s3.getObject(b -> b.bucket(location.bucket()).key(location.key()), target);
    }

    @Override
    public void upload(Path source, Location location) {
        s3.putObject(b -> b.bucket(location.bucket()).key(location.key()), RequestBody.fromFile(source));
    }

    @Override
    public String uri(Location location) {
        return "s3://" + location.bucket() + "/" + location.key();
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
