package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.jdbc.DatabaseFailures;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.Acknowledgement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives S3 notifications from the ingest queue. A message is acknowledged only after its files
 * are committed. One that never parses is thrown back to the queue, whose redrive policy moves it to
 * the dead-letter queue. One the database cannot take now (a failover, a lost connection) is left
 * unacknowledged without an exception and hidden on the queue for a while (see {@link
 * IngestListenerProperties}), so that the listener backs off and the log says it once per interval
 * rather than with a stack trace per message.
 */
@Component
@Profile("aws")
class SqsNotificationListener {

    private static final Logger log = LoggerFactory.getLogger(SqsNotificationListener.class);

    private final S3NotificationParser parser;
    private final FileIntake intake;
    private final IngestMetrics metrics;
    private final DatabaseOutage outage;

    SqsNotificationListener(
            JsonMapper json, FileIntake intake, IngestMetrics metrics, IngestListenerProperties properties) {
        this.parser = new S3NotificationParser(json);
        this.intake = intake;
        this.metrics = metrics;
        this.outage = new DatabaseOutage(properties, Clock.systemUTC(), log);
    }

    @SqsListener(value = "${sluice.ingest.queue}", acknowledgementMode = "MANUAL")
    void onMessage(Message message, Acknowledgement acknowledgement, Visibility visibility) {
        if (!outage.shouldTry()) {
            defer(message, visibility, null);
            return;
        }
        try {
            metrics.messages().record(() -> ingest(message));
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isOutage(e)) {
                throw e;
            }
            defer(message, visibility, e);
            return;
        }
        outage.committed();
        acknowledgement.acknowledge();
    }

    private void defer(Message message, Visibility visibility, Throwable cause) {
        Duration hide = outage.deferred(cause);
        metrics.deferred();
        log.debug("SQS message {} deferred for {}: the database is unavailable", message.messageId(), hide);
        visibility.changeToAsync((int) Math.min(hide.toSeconds(), Visibility.MAX_VISIBILITY_TIMEOUT_SECONDS));
    }

    private void ingest(Message message) {
        List<FileArrived> files;

        try {
            files = parser.parse(message.body());
        } catch (UnparseableMessageException e) {
            metrics.unparseable();
            log.warn(
                    "SQS message {} is not an S3 notification ({}); leaving it to the dead-letter queue",
                    message.messageId(),
                    e.getMessage());
            throw e;
        }
        IntakeResult result = intake.record(files);
        log.debug("SQS message {}: {}", message.messageId(), result);
    }
}
