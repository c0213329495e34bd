package dev.sluice.controlplane.runs;

import io.awspring.cloud.sqs.annotation.SqsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glue's job state-change events (EventBridge → SQS) make the tracker look at a run at once instead
 * of at its next poll. The event is only a hint: the tracker still asks {@code GetJobRun}, and
 * polling remains the safety net when events are late, lost or not configured.
 */
@Component
@Profile("aws")
@ConditionalOnProperty("sluice.runs.events-queue")
class GlueStateChangeListener {

    private static final Logger log = LoggerFactory.getLogger(GlueStateChangeListener.class);

    private final JsonMapper json;
    private final RunStore runs;
    private final Tracker tracker;

    GlueStateChangeListener(JsonMapper json, RunStore runs, Tracker tracker) {
        this.json = json;
        this.runs = runs;
        this.tracker = tracker;
    }

    @SqsListener("${sluice.runs.events-queue}")
    void onMessage(Message message) {
        JsonNode event;
        try {
            event = json.readTree(message.body());
        } catch (JacksonException e) {
            log.warn("SQS message {} on the Glue events queue is not JSON; dropped", message.messageId());
            return;
        }
        if (!"Glue Job State Change".equals(event.path("detail-type").asString(""))) {
            return;
        }
        String jobRunId = event.path("detail").path("jobRunId").asString("");
        runs.findByJobRunId(jobRunId)
                .filter(run -> run.status() == RunStatus.RUNNING)
                .ifPresent(run -> {
                    log.debug(
                            "Glue says job run {} is {}; following run {} now",
                            jobRunId,
                            event.path("detail").path("state").asString(""),
                            run.id());
                    tracker.follow(run);
                });
    }
}
