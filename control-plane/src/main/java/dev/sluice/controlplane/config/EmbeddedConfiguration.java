package dev.sluice.controlplane.config;

import dev.sluice.controlplane.storage.LocalObjectStore;
import java.nio.file.Path;
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
}
