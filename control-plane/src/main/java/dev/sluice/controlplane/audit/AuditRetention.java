package dev.sluice.controlplane.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit entries older than {@code sluice.audit.retention}. Every replica may run it: a
 * delete by age is the same whoever runs it first.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditLog audit;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditLog audit, AuditProperties properties, Clock clock) {
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${sluice.audit.purge-interval:1h}")
    void purge() {
        int deleted = purgeNow();
        if (deleted > 0) {
            log.info("Deleted {} audit entries older than {}", deleted, properties.retention());
        }
    }

    int purgeNow() {
        return audit.purgeBefore(clock.instant().minus(properties.retention()));
    }
}
