package dev.sluice.gluejob.storage;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach AWS from the driver and from every executor: the region and, for an emulator, an
 * endpoint. Travels to executors with each task, so it holds only strings ({@code ""} = unset).
 */
public record StoreSettings(String endpoint, String region) implements Serializable {

    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
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
}
