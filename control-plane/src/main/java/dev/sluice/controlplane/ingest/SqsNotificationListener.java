package dev.sluice.controlplane.ingest;

import io.awspring.cloud.sqs.annotation.SqsListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives S3 notifications from the ingest queue. Returning normally acknowledges the message,
 * which happens only after its files are committed; throwing leaves it to the queue, whose redrive
 * policy moves a message that never parses to the dead-letter queue.
 */
@Component
@Profile("aws")
class SqsNotificationListener {

    private static final Logger log = LoggerFactory.getLogger(SqsNotificationListener.class);

    private final S3NotificationParser parser;
    private final FileIntake intake;
    private final IngestMetrics metrics;

    SqsNotificationListener(JsonMapper json, FileIntake intake, IngestMetrics metrics) {
        this.parser = new S3NotificationParser(json);
        this.intake = intake;
        this.metrics = metrics;
    }

    @SqsListener("${sluice.ingest.queue}")
    void onMessage(Message message) {
        metrics.messages().record(() -> ingest(message));
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
