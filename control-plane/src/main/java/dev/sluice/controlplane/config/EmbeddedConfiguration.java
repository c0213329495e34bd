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

/** Embedded mode's adapters: buckets are directories under {@code sluice.home}. */
@Configuration(proxyBeanMethods = false)
@Profile("!aws")
class EmbeddedConfiguration {

    @Bean
    LocalObjectStore localObjectStore(@Value("${sluice.home}") Path home) {
        return new LocalObjectStore(home);
    }

    @Bean
    LocalStoreHousekeeping localStoreHousekeeping(
            LocalObjectStore store, @Value("${sluice.home-owner-only:true}") boolean ownerOnly, Clock clock)
            throws IOException {
        return new LocalStoreHousekeeping(store, ownerOnly, clock);
    }
}
