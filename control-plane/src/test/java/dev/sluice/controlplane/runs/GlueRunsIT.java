package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.FaultInjectingGlueClient;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;

/**
 * Runs on Glue through their failure paths, against the emulator and a real PostgreSQL. The
 * emulator's job runs always succeed, so failures, time-outs, stops and concurrency refusals come
 * from a fault-injecting Glue client wrapped around it; a missing job is the emulator's own answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext
class GlueRunsIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String IN = "runs-it-in";
    static final List<String> JOBS = List.of("flaky", "doomed", "slow", "halted", "busy", "refused");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline(IN, "runs-it-out", "runs-it-queue", "flaky");
        JOBS.stream()
                .skip(1)
                .forEach(job -> aws.glue.createJob(b -> b.name(job)
                        .role("arn:aws:iam::" + aws.emulator.accountId() + ":role/sluice-glue")
                        .command(c -> c.name("glueetl").scriptLocation("s3://runs-it-out/glue-job.jar"))));
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> "runs-it-queue");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.runs.start-retry-delay", () -> "300ms");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        for (String job : List.of("flaky", "doomed", "slow", "halted", "busy", "refused", "missing")) {
            String p = "sluice.pipelines." + job + ".";
            registry.add(p + "input.bucket", () -> IN);
            registry.add(p + "input.prefix", () -> job + "/");
            registry.add(p + "output.bucket", () -> "runs-it-out");
            registry.add(p + "job.name", () -> job);
            registry.add(p + "job.table", () -> job);
            registry.add(p + "batch.max-wait", () -> "300ms");
            registry.add(p + "batch.max-files", () -> "1");
            registry.add(p + "retry.initial-backoff", () -> "200ms");
        }
    }

    @TestConfiguration
    static class FaultInjection {
        @Bean
        @Primary
        FaultInjectingGlueClient faultInjectingGlueClient() {
            return new FaultInjectingGlueClient(aws.glue);
        }
    }

    @Autowired
    FaultInjectingGlueClient glue;

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    /** Cumulative counts; the composite registry would answer with the CloudWatch registry's last step. */
    @Autowired
    PrometheusMeterRegistry meters;

    @Test
    void aFailedRunIsRetriedAsANewAttemptOverTheSameFilesAndKeepsGluesMessage() {
        glue.endNextRuns("flaky", JobRunState.FAILED, "Container killed: OutOfMemoryError", 1);

        Run run = finish(upload("flaky/a.csv"));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.attempt()).isEqualTo(2);
        List<RunAttempt> attempts = runs.attempts(run.id());
        assertThat(attempts).extracting(RunAttempt::status).containsExactly(RunStatus.FAILED, RunStatus.SUCCEEDED);
        assertThat(attempts.get(0).errorMessage()).isEqualTo("Container killed: OutOfMemoryError");
        assertThat(attempts.get(0).jobRunId()).isNotEqualTo(attempts.get(1).jobRunId());
        assertThat(runs.files(run.id())).extracting(RecordedFile::status).containsOnly(FileStatus.PROCESSED);
        assertThat(count("sluice.runs.finished", "flaky", "status", "FAILED")).isEqualTo(1);
        assertThat(count("sluice.runs.retried", "flaky")).isEqualTo(1);
        assertThat(count("sluice.runs.finished", "flaky", "status", "SUCCEEDED"))
                .isEqualTo(1);
        assertThat(count("sluice.runs.started", "flaky")).isEqualTo(2);
    }

    @Test
    void exhaustedAttemptsLeaveTheRunFailedWithItsFilesKeptForAManualRetry() {
        glue.endNextRuns("doomed", JobRunState.FAILED, "schema mismatch", 3);
        double failedForGood = meters.counter("sluice.environment.runs.failed", "environment", "local")
                .count();

        Run failed = finish(upload("doomed/b.csv"));
        assertThat(meters.counter("sluice.environment.runs.failed", "environment", "local")
                        .count())
                .as("counted once, when no attempt is left")
                .isEqualTo(failedForGood + 1);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.errorMessage()).isEqualTo("schema mismatch");
        assertThat(failed.usage().dpuSeconds())
                .as("capacity × execution time, summed over 3 attempts")
                .isEqualTo(366.0);
        assertThat(runs.files(failed.id())).extracting(RecordedFile::status).containsOnly(FileStatus.FAILED);

        runs.retry(failed.id(), "operator");
        Run retried = await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.find(failed.id()).orElseThrow(), r -> r.status() == RunStatus.SUCCEEDED);
        assertThat(retried.attempt()).isEqualTo(4);
        assertThat(runs.files(failed.id())).extracting(RecordedFile::status).containsOnly(FileStatus.PROCESSED);
    }

    @Test
    void aRunWhoseReportSaysTheTableRefusedItsSchemaIsNotRetried() {
        String message = "table sluice.refused: incompatible type change, nothing was written";
        glue.endNextRuns("refused", JobRunState.FAILED, message, 3);
        glue.onStart("refused", request -> writeReport(request, new RunReport.Conflict("id", "int", "string")));

        Run run = finish(upload("refused/g.csv"));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.attempt()).as("the same files would be refused again").isEqualTo(1);
        assertThat(run.errorMessage()).startsWith(message).contains("not retried");
        assertThat(runs.files(run.id())).extracting(RecordedFile::status).containsOnly(FileStatus.FAILED);
    }

    /** The report the job writes when the table refuses its batch, where the control plane reads it. */
    private static void writeReport(StartJobRunRequest request, RunReport.Conflict conflict) {
        long runId = Long.parseLong(request.arguments().get("--run_id"));
        int attempt = Integer.parseInt(request.arguments().get("--attempt"));
        URI output = URI.create(request.arguments().get("--output"));
        RunReport report = new RunReport(
                runId,
                attempt,
                request.jobName(),
                "jr",
                "refused",
                "2026-12-03",
                Instant.now(),
                List.of(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Map.of(),
                Optional.of("refused"),
                List.of(conflict));
        String key = output.getPath().replaceFirst("^/", "") + OutputLayout.report(runId);
        aws.s3.putObject(b -> b.bucket(output.getHost()).key(key), RequestBody.fromBytes(report.toJson()));
    }

    @Test
    void aTimedOutRunIsRetried() {
        glue.endNextRuns("slow", JobRunState.TIMEOUT, "Job run timed out", 1);

        Run run = finish(upload("slow/c.csv"));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.attempts(run.id()))
                .extracting(RunAttempt::status)
                .containsExactly(RunStatus.TIMEOUT, RunStatus.SUCCEEDED);
    }

    @Test
    void aStoppedRunIsNotSuccessAndNotRetried() {
        glue.endNextRuns("halted", JobRunState.STOPPED, "Stopped by an operator", 1);

        Run run = finish(upload("halted/d.csv"));

        assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(runs.files(run.id())).extracting(RecordedFile::status).containsOnly(FileStatus.FAILED);
    }

    @Test
    void refusedStartsWaitInTheQueueAndAllFinish() {
        glue.refuseNextStarts("busy", 4);

        List<Long> fileIds = IntStream.range(0, 3)
                .mapToObj(i -> upload("busy/e" + i + ".csv"))
                .toList();

        List<Run> finished = fileIds.stream().map(this::finish).toList();
        assertThat(finished).extracting(Run::status).containsOnly(RunStatus.SUCCEEDED);
        assertThat(finished)
                .extracting(Run::attempt)
                .as("a refusal is not an attempt")
                .containsOnly(1);
        assertThat(finished.stream().flatMap(r -> runs.transitions(r.id()).stream()))
                .anySatisfy(t -> assertThat(t.detail()).contains("start refused"));
        assertThat(count("sluice.runs.dispatch.backoffs", "busy"))
                .as("one per refusal")
                .isEqualTo(4);
    }

    @Test
    void aMissingJobFailsTheRunAtOnceTellingToDeployTheApplicationStack() {
        Run run = finish(upload("missing/f.csv"));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.errorMessage()).contains("'missing' does not exist").contains("application stack");
    }

    /** A counter of the runs feature, tagged with the pipeline and its (default) environment. */
    private double count(String name, String pipeline, String... moreTags) {
        Counter counter = meters.find(name)
                .tags("pipeline", pipeline, "environment", "local")
                .tags(moreTags)
                .counter();
        assertThat(counter).as(name + " of " + pipeline).isNotNull();
        return counter.count();
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

    private Run finish(long fileId) {
        return await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> arrivals.recent(1000).stream()
                                .filter(f -> f.id() == fileId && f.runId() != null)
                                .findFirst()
                                .flatMap(f -> runs.find(f.runId()))
                                .filter(r -> r.status().isTerminal()),
                        Optional::isPresent)
                .orElseThrow();
    }
}
