package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.TestDatabase;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Glue's job state-change event, as EventBridge delivers it to a queue, makes the tracker finish a
 * run at once. Polling is set to an hour here, so nothing but the event can move the run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext
class GlueStateChangeEventsIT {

    static final AwsTestBed aws = new AwsTestBed();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline("events-it-in", "events-it-out", "events-it-queue", "events-it-job");
        aws.sqs.createQueue(b -> b.queueName("events-it-glue-events"));
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> "events-it-queue");
        registry.add("sluice.runs.events-queue", () -> "events-it-glue-events");
        registry.add("sluice.runs.poll-interval", () -> "1h");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        registry.add("sluice.pipelines.events.input.bucket", () -> "events-it-in");
        registry.add("sluice.pipelines.events.output.bucket", () -> "events-it-out");
        registry.add("sluice.pipelines.events.job.name", () -> "events-it-job");
        registry.add("sluice.pipelines.events.job.table", () -> "events");
        registry.add("sluice.pipelines.events.batch.max-wait", () -> "300ms");
    }

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    @Test
    void aJobStateChangeEventFinishesTheRunWithoutWaitingForThePoll() {
        aws.s3.putObject(b -> b.bucket("events-it-in").key("e.csv"), RequestBody.fromString("a\n1\n"));
        Run running = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> arrivals.recent(10).stream()
                                .filter(f -> f.runId() != null)
                                .findFirst()
                                .flatMap(f -> runs.find(f.runId()))
                                .filter(r -> r.status() == RunStatus.RUNNING),
                        Optional::isPresent)
                .orElseThrow();

        aws.sqs.sendMessage(
                b -> b.queueUrl(aws.queueUrl("events-it-glue-events")).messageBody("""
                {"version":"0","id":"ev-1","detail-type":"Glue Job State Change","source":"aws.glue",
                 "time":"2026-11-25T10:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"jobName":"events-it-job","severity":"INFO","state":"SUCCEEDED",
                           "jobRunId":"%s","message":"Job run succeeded"}}
                """.formatted(running.jobRunId())));

        Run done = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> runs.find(running.id()).orElseThrow(),
                        r -> r.status().isTerminal());
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
