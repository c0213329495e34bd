package dev.sluice.controlplane.config;

import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.LocalStoreHousekeeping;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Embedded mode's adapters: buckets are directories under {@code sluice.home}. What Sluice writes
 * there is the owner's alone unless {@code sluice.files.owner-only} is false (a home shared with a
 * group that reads the Parquet, say).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!aws")
class EmbeddedConfiguration {

    @Bean
    LocalObjectStore localObjectStore(
            @Value("${sluice.home}") Path home, @Value("${sluice.files.owner-only:true}") boolean ownerOnly) {
        return new LocalObjectStore(home, ownerOnly);
    }

    @Bean
    LocalStoreHousekeeping localStoreHousekeeping(LocalObjectStore store, Clock clock) throws IOException {
        return new LocalStoreHousekeeping(store, store.root().resolve("db"), clock);
    }
}
