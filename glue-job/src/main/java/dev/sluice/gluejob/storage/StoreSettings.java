package dev.sluice.gluejob.storage;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;

/**
 * How to reach AWS from the driver and from every executor: the region and, for an emulator, an
 * endpoint; and how the S3 client retries. Travels to executors with each task, so it holds only
 * strings and numbers ({@code ""} and 0 = unset: the SDK's own default, which Glue's environment may
 * set through {@code AWS_RETRY_MODE} and {@code AWS_MAX_ATTEMPTS}).
 *
 * @param retryMode {@code legacy}, {@code standard} or {@code adaptive} (client-side rate limiting
 *     when S3 answers SlowDown), or {@code ""}
 * @param maxAttempts attempts per request, the first included; 0 for the retry mode's
 */
public record StoreSettings(String endpoint, String region, String retryMode, int maxAttempts) implements Serializable {

    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(retryMode, "retryMode");
        if (!retryMode.isEmpty()) {
            s3RetryMode(retryMode);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more (0 for the default), was " + maxAttempts);
        }
    }

    public StoreSettings(String endpoint, String region) {
        this(endpoint, region, "", 0);
    }

    /** AWS itself, the region from the environment (Glue sets {@code AWS_REGION}). */
    public static StoreSettings aws() {
        return new StoreSettings("", "");
    }

    public Optional<URI> endpointOverride() {
        return endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    public Optional<String> regionOverride() {
        return region.isEmpty() ? Optional.empty() : Optional.of(region);
    }

    public Optional<RetryMode> retryModeOverride() {
        return retryMode.isEmpty() ? Optional.empty() : Optional.of(s3RetryMode(retryMode));
    }

    /** The retry modes the job accepts, by their lower-case names. */
    public static RetryMode s3RetryMode(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "legacy" -> RetryMode.LEGACY;
            case "standard" -> RetryMode.STANDARD;
            case "adaptive" -> RetryMode.ADAPTIVE_V2;
            default -> throw new IllegalArgumentException("'" + name + "' is not legacy, standard or adaptive");
        };
    }
}
