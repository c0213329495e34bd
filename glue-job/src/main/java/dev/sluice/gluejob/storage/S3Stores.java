package dev.sluice.gluejob.storage;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectStores;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The Glue job's stores: S3 for {@code s3://} locations, local files otherwise. S3 clients are made
 * once per JVM and settings (driver and executors alike): a client owns a connection pool, and every
 * task of an executor shares it.
 */
public record S3Stores(StoreSettings settings) implements ObjectStores {

    private static final Map<StoreSettings, S3Client> CLIENTS = new ConcurrentHashMap<>();

    @Override
    public ObjectStore forLocation(ObjectLocation location) {
        return location.scheme() == ObjectLocation.Scheme.S3
                ? new S3ObjectStore(s3(settings))
                : ObjectStores.local().forLocation(location);
    }

    static S3Client s3(StoreSettings settings) {
        return CLIENTS.computeIfAbsent(settings, S3Stores::newClient);
    }

    private static S3Client newClient(StoreSettings settings) {
        S3ClientBuilder builder = S3Client.builder();
        settings.regionOverride().map(Region::of).ifPresent(builder::region);
        // an emulator answers on one host name: buckets go into the path
        settings.endpointOverride().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        if (settings.retryModeOverride().isPresent() || settings.maxAttempts() > 0) {
            builder.overrideConfiguration(o -> {
                settings.retryModeOverride().ifPresent(o::retryStrategy);
                if (settings.maxAttempts() > 0) {
                    o.retryStrategy(b -> b.maxAttempts(settings.maxAttempts()));
                }
            });
        }
        return builder.build();
    }
}
