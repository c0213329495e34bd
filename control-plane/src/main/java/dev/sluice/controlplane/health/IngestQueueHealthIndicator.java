package dev.sluice.controlplane.health;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ingestQueue}: the queues Sluice listens to exist and answer (GetQueueUrl, then
 * GetQueueAttributes for the backlog). DOWN when one is missing, refused or slower than
 * {@code sluice.health.timeout}: without them no file and no Glue event arrives.
 */
@Component("ingestQueue")
@Profile("aws")
class IngestQueueHealthIndicator implements HealthIndicator {

    private final SqsAsyncClient sqs;
    private final List<String> queues;
    private final HealthProperties properties;
    private final CachedHealth cached;

    IngestQueueHealthIndicator(
            SqsAsyncClient sqs,
            @Value("${sluice.ingest.queue}") String ingestQueue,
            @Value("${sluice.runs.events-queue:}") String eventsQueue,
            HealthProperties properties,
            Clock clock) {
        this.sqs = sqs;
        this.queues = eventsQueue.isBlank() ? List.of(ingestQueue) : List.of(ingestQueue, eventsQueue);
        this.properties = properties;
        this.cached = new CachedHealth(this::check, properties.cacheFor(), clock);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (String queue : queues) {
            try {
                details.put(queue, "messages waiting: " + backlog(queue));
            } catch (ExecutionException e) {
                up = false;
                details.put(queue, e.getCause().getMessage());
            } catch (TimeoutException e) {
                up = false;
                details.put(queue, "no answer within " + properties.timeout().toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.unknown().withDetail(queue, "interrupted").build();
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

    private String backlog(String queue) throws ExecutionException, TimeoutException, InterruptedException {
        long timeout = properties.timeout().toMillis();
        String url = sqs.getQueueUrl(b -> b.queueName(queue))
                .get(timeout, TimeUnit.MILLISECONDS)
                .queueUrl();
        return sqs.getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .get(timeout, TimeUnit.MILLISECONDS)
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }
}
