package dev.sluice.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.runs.RunStatus;
import dev.sluice.controlplane.runs.RunTransition;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.manifest.RunManifest;
import dev.sluice.testsupport.HttpFaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Glue failing under a running control plane: every AWS call goes through an HTTP fault proxy in
 * front of the emulator, which answers chosen Glue operations with throttling or 5xx, or forwards
 * StartJobRun and drops its answer. Runs wait in the queue or stay RUNNING, finish afterwards, and
 * no job run is ever started twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class GlueFaultsIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final HttpFaultProxy proxy = HttpFaultProxy.start(aws.emulator.endpoint());
    static final String IN = "glue-faults-in";
    static final String JOB = "glue-faults-job";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline(IN, "glue-faults-out", "glue-faults-queue", JOB);
        aws.register(registry);
        registry.add("spring.cloud.aws.endpoint", () -> proxy.endpoint().toString());
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> "glue-faults-queue");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.runs.start-retry-delay", () -> "300ms");
        // Short so that a start without an answer is resolved within the test's deadline.
        registry.add("sluice.runs.start-grace", () -> "2s");
        String p = "sluice.pipelines.glue.";
        registry.add(p + "input.bucket", () -> IN);
        registry.add(p + "output.bucket", () -> "glue-faults-out");
        registry.add(p + "job.name", () -> JOB);
        registry.add(p + "job.table", () -> "glue");
        registry.add(p + "batch.max-wait", () -> "300ms");
        registry.add(p + "batch.max-files", () -> "1");
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    @AfterEach
    void heal() {
        proxy.heal();
    }

    @Test
    void aStartJobRunWhoseAnswerIsLostIsAdoptedNotStartedAgain() {
        proxy.inject(new HttpFaultProxy.DropAnswer(first(1, operation("StartJobRun"))));

        Run run = finish(upload("lost/a.csv"));

        assertThat(proxy.faulted()).as("the answer was dropped").isPositive();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(jobRunsOf(run)).as("one job run for the run, adopted").containsExactly(run.jobRunId());
        assertThat(runs.transitions(run.id()))
                .extracting(RunTransition::detail)
                .anySatisfy(d -> assertThat(d).contains("adopted job run " + run.jobRunId()));
    }

    @Test
    void throttledAndFailingStartsWaitInTheQueueAndTheRunFinishesOnce() {
        AtomicInteger throttled = new AtomicInteger();
        proxy.inject(
                HttpFaultProxy.jsonError(first(3, operation("StartJobRun"), throttled), 400, "ThrottlingException"));
        proxy.inject(HttpFaultProxy.jsonError(first(1, operation("StartJobRun")), 500, "InternalServiceException"));

        Run run = finish(upload("throttled/b.csv"));

        assertThat(throttled).as("every throttled start answered by the proxy").hasValue(3);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempt())
                .as("a refused or unanswered start is not an attempt")
                .isEqualTo(1);
        assertThat(jobRunsOf(run)).containsExactly(run.jobRunId());
        assertThat(runs.transitions(run.id()))
                .extracting(RunTransition::to)
                .as("never failed while Glue refused")
                .doesNotContain(RunStatus.FAILED);
    }

    @Test
    void aRunStaysRunningWhileGetJobRunIsThrottledOrFailingAndFinishesAfterwards(CapturedOutput output) {
        AtomicInteger asked = new AtomicInteger();
        Predicate<HttpFaultProxy.Request> getJobRun = counted(operation("GetJobRun"), asked);
        proxy.inject(new HttpFaultProxy.Answer(
                getJobRun.and(r -> asked.get() % 2 == 0),
                400,
                "application/x-amz-json-1.1",
                "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        proxy.inject(HttpFaultProxy.jsonError(operation("GetJobRun"), 500, "InternalServiceException"));

        long fileId = upload("unanswered/c.csv");
        Run running = await().atMost(Duration.ofSeconds(30))
                .until(() -> runOf(fileId).filter(r -> r.status() == RunStatus.RUNNING), Optional::isPresent)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() >= 6);
        assertThat(runs.find(running.id()).orElseThrow().status())
                .as("not knowing is not a failure")
                .isEqualTo(RunStatus.RUNNING);

        assertThat(output.getOut().lines().filter(l -> l.contains("Cannot ask for job run " + running.jobRunId())))
                .as("logged once when the asks start failing, not at every ask")
                .hasSize(1);

        proxy.heal();
        Run run = finish(fileId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(runs.transitions(run.id()))
                .extracting(RunTransition::to)
                .as("RUNNING once, left only for its real outcome")
                .containsOnlyOnce(RunStatus.RUNNING, RunStatus.SUCCEEDED)
                .doesNotContain(RunStatus.FAILED);
    }

    @Test
    void manifestWritesAnsweredWithSlowDownOrAResetAreRetriedAndTheRunStartsOnce() {
        Predicate<HttpFaultProxy.Request> manifestPut =
                r -> r.method().equals("PUT") && r.path().contains("/_manifests/");
        // More SlowDowns than the SDK's own attempts, so that the dispatcher's retry is what heals it.
        AtomicInteger slowedDown = new AtomicInteger();
        proxy.inject(HttpFaultProxy.s3Error(first(4, manifestPut, slowedDown), 503, "SlowDown"));
        proxy.inject(new HttpFaultProxy.DropAnswer(first(1, manifestPut)));

        Run run = finish(upload("slowdown/d.csv"));

        assertThat(slowedDown).hasValue(4);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(jobRunsOf(run))
                .as("started once, after its manifest was written")
                .containsExactly(run.jobRunId());
        assertThat(runs.transitions(run.id()))
                .extracting(RunTransition::detail)
                .anySatisfy(d -> assertThat(d).contains("start refused").contains("SlowDown"));
        String manifest = aws.s3
                .getObjectAsBytes(b -> b.bucket("glue-faults-out").key("_manifests/" + run.id() + "-1.json"))
                .asUtf8String();
        assertThat(RunManifest.fromJson(manifest.getBytes(StandardCharsets.UTF_8), "manifest")
                        .files())
                .as("the manifest the job read is whole")
                .extracting(RunManifest.ManifestFile::key)
                .containsExactly("slowdown/d.csv");
    }

    private static Predicate<HttpFaultProxy.Request> operation(String name) {
        return r -> name.equals(r.operation());
    }

    /** Matches the first {@code times} requests that {@code selects} matches. */
    private static Predicate<HttpFaultProxy.Request> first(int times, Predicate<HttpFaultProxy.Request> selects) {
        return first(times, selects, new AtomicInteger());
    }

    private static Predicate<HttpFaultProxy.Request> first(
            int times, Predicate<HttpFaultProxy.Request> selects, AtomicInteger seen) {
        return r -> selects.test(r) && seen.getAndUpdate(n -> n < times ? n + 1 : n) < times;
    }

    private static Predicate<HttpFaultProxy.Request> counted(
            Predicate<HttpFaultProxy.Request> selects, AtomicInteger seen) {
        return r -> selects.test(r) && seen.incrementAndGet() > 0;
    }

    /** The emulator's job runs that carry this run's id, asked directly, not through the proxy. */
    private static List<String> jobRunsOf(Run run) {
        List<String> ids = new ArrayList<>();
        aws.glue
                .getJobRunsPaginator(b -> b.jobName(JOB))
                .forEach(page -> page.jobRuns().stream()
                        .filter(j ->
                                Long.toString(run.id()).equals(j.arguments().get("--run_id")))
                        .map(JobRun::id)
                        .forEach(ids::add));
        return ids;
    }

    private long upload(String key) {
        aws.s3.putObject(b -> b.bucket(IN).key(key), RequestBody.fromString("id,v\n1,2\n"));
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> arrivals.recent(1000).stream()
                                .filter(f -> f.key().equals(key))
                                .map(RecordedFile::id)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private Optional<Run> runOf(long fileId) {
        return arrivals.recent(1000).stream()
                .filter(f -> f.id() == fileId && f.runId() != null)
                .findFirst()
                .flatMap(f -> runs.find(f.runId()));
    }

    private Run finish(long fileId) {
        return await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> runOf(fileId).filter(r -> r.status().isTerminal()), Optional::isPresent)
                .orElseThrow();
    }
}
