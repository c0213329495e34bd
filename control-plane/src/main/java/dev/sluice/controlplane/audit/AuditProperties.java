package dev.sluice.controlplane.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.audit.*}: how long the audit log keeps what it records.
 *
 * @param retention entries older than this are deleted (e.g. {@code 90d}, {@code 365d})
 * @param purgeInterval how often the purge runs
 */
@Validated
@ConfigurationProperties("sluice.audit")
public record AuditProperties(
        @DefaultValue("90d") @NotNull Duration retention,
        @DefaultValue("1h") @NotNull Duration purgeInterval) {}
