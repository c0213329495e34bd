package dev.sluice.controlplane.health;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * {@code glue}: Glue answers for every environment's pipelines (GetJob on each pipeline's job,
 * bounded by {@code sluice.health.timeout}). A job that does not exist yet is reported but keeps
 * the instance ready: Glue answered, and the API is how an operator deploys the missing job.
 * DOWN when Glue cannot be reached, refuses the credentials or answers too slowly.
 */
@Component("glue")
@Profile("aws")
class GlueHealthIndicator implements HealthIndicator {

    private final GlueClient glue;
    private final Pipelines pipelines;
    private final HealthProperties properties;
    private final CachedHealth cached;

    GlueHealthIndicator(GlueClient glue, Pipelines pipelines, HealthProperties properties, Clock clock) {
        this.glue = glue;
        this.pipelines = pipelines;
        this.properties = properties;
        this.cached = new CachedHealth(this::check, properties.cacheFor(), clock);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health check() {
        Map<String, Map<String, String>> byEnvironment = new TreeMap<>();
        boolean up = true;
        for (Pipeline pipeline : pipelines.all()) {
            String job = pipeline.settings().job().name();
            String state;
            try {
                glue.getJob(b -> b.jobName(job).overrideConfiguration(c -> c.apiCallTimeout(properties.timeout())));
                state = "job " + job + " found";
            } catch (EntityNotFoundException e) {
                state = "job " + job + " does not exist; deploy the application stack";
            } catch (SdkException e) {
                up = false;
                state = "Glue did not answer for job " + job + ": " + e.getMessage();
            }
            byEnvironment
                    .computeIfAbsent(pipeline.settings().environment(), k -> new TreeMap<>())
                    .put(pipeline.name(), state);
        }
        return (up ? Health.up() : Health.down())
                .withDetail("environments", byEnvironment)
                .build();
    }
}
