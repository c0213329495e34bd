package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.runs.JobExecutor;
import dev.sluice.controlplane.storage.LocalObjectStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import tools.jackson.databind.json.JsonMapper;

/** Embedded mode: conversions run in this process on a bounded pool. */
@Configuration(proxyBeanMethods = false)
@Profile("!aws")
class LocalExecutorConfiguration {

    @Bean(destroyMethod = "shutdown")
    ExecutorService localJobPool(@Value("${sluice.local-executor.threads:2}") int threads) {
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new CustomizableThreadFactory("sluice-local-job-"));
    }

    @Bean
    JobExecutor localJobExecutor(LocalObjectStore store, JsonMapper json, ExecutorService localJobPool, Clock clock) {
        return new LocalJobExecutor(new LocalConversionJob(store, json, clock), localJobPool, clock);
    }
}
