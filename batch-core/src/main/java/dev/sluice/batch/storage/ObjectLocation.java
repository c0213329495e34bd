package dev.sluice.batch.storage;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An object in S3 ({@code s3://bucket/key}) or a file on local disk ({@code file:/path}); a key
 * ending in {@code /} is a prefix under which other locations are resolved.
 */
public record ObjectLocation(Scheme scheme, String bucket, String key) implements Serializable {

    public enum Scheme {
        S3,
        FILE
    }

    public ObjectLocation {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads {@code s3://bucket/key} or a {@code file:} URI.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static ObjectLocation parse(String text) {
        if (text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' names no bucket");
            }
            return new ObjectLocation(Scheme.S3, bucket, slash < 0 ? "" : rest.substring(slash + 1));
        }
        if (text.startsWith("file:")) {
            try {
                String path = Path.of(new URI(text)).toAbsolutePath().toString();
                return new ObjectLocation(
                        Scheme.FILE, "", text.endsWith("/") && !path.endsWith("/") ? path + "/" : path);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a file URI: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("'" + text + "' is neither an s3:// nor a file: URI");
    }

    /** A local file or directory ({@code dir/} for a prefix). */
    public static ObjectLocation of(Path path, boolean prefix) {
        String p = path.toAbsolutePath().toString();
        return new ObjectLocation(Scheme.FILE, "", prefix && !p.endsWith("/") ? p + "/" : p);
    }

    /** This location with {@code relative} appended to the key: use on prefixes ending in {@code /}. */
    public ObjectLocation resolve(String relative) {
        return new ObjectLocation(scheme, bucket, key + relative);
    }

    /** The same location as a prefix, ending in {@code /}. */
    public ObjectLocation asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new ObjectLocation(scheme, bucket, key + "/");
    }

    /** The last segment of the key. */
    public String fileName() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    public String uri() {
        if (scheme == Scheme.S3) {
            return "s3://" + bucket + "/" + key;
        }
        try {
            return new URI("file", null, key, null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("not a path: " + key, e);
        }
    }

    @Override
    public String toString() {
        return uri();
    }
}
