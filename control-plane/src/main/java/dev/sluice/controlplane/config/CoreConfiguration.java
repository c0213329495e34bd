package dev.sluice.controlplane.config;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** What every mode shares. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Scheduled passes that fail because the database is gone say so once per interval, not per pass. */
    @Bean
    ThreadPoolTaskSchedulerCustomizer scheduledPassErrors(Clock clock) {
        ScheduledPassErrors errors = new ScheduledPassErrors(Duration.ofSeconds(30), clock);
        return scheduler -> scheduler.setErrorHandler(errors);
    }
}
