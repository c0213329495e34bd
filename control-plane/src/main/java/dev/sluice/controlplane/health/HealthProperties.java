package dev.sluice.controlplane.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.health.*}: how the readiness checks of the AWS dependencies stay cheap.
 *
 * @param timeout the longest an AWS call of a check may take; a slower answer counts as DOWN
 * @param cacheFor how long a check's result is reused, so that frequent probes cost no AWS calls
 */
@Validated
@ConfigurationProperties("sluice.health")
record HealthProperties(
        @DefaultValue("2s") @NotNull Duration timeout,
        @DefaultValue("15s") @NotNull Duration cacheFor) {}
