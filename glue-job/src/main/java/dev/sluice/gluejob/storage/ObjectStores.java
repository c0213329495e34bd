package dev.sluice.gluejob.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The store for a location. S3 clients are made once per JVM and settings (driver and executors
 * alike): a client owns a connection pool, and every task of an executor shares it.
 */
public final class ObjectStores {

    private static final Map<StoreSettings, S3Client> CLIENTS = new ConcurrentHashMap<>();
    private static final ObjectStore LOCAL = new LocalObjectStore();

    private ObjectStores() {}

    public static ObjectStore forLocation(ObjectLocation location, StoreSettings settings) {
        return location.scheme() == ObjectLocation.Scheme.S3 ? new S3ObjectStore(s3(settings)) : LOCAL;
    }

    static S3Client s3(StoreSettings settings) {
        return CLIENTS.computeIfAbsent(settings, ObjectStores::newClient);
    }

    private static S3Client newClient(StoreSettings settings) {
        S3ClientBuilder builder = S3Client.builder();
        settings.regionOverride().map(Region::of).ifPresent(builder::region);
        // an emulator answers on one host name: buckets go into the path
        settings.endpointOverride().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        return builder.build();
    }
}
