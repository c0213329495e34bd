package dev.sluice.controlplane.support;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole replicas of the service on the {@code aws} profile, one PostgreSQL database and the AWS
 * emulator shared between them, each on a port of its own: what the crash, replica and fault tests
 * run. Properties are the replicas' command line, so each test says only what it changes.
 */
public final class Replicas implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    private Replicas() {}

    /** Starts {@code count} replicas one after the other with the same properties. */
    public static Replicas start(int count, Map<String, ?> properties) {
        Replicas replicas = new Replicas();
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try {
            for (int i = 0; i < count; i++) {
                replicas.contexts.add(new SpringApplicationBuilder(SluiceApplication.class)
                        .profiles("aws")
                        .run(args));
            }
        } catch (RuntimeException e) {
            replicas.close();
            throw e;
        }
        return replicas;
    }

    /**
     * What every replica needs: a random port, the shared PostgreSQL server at {@code databaseUrl}
     * (perhaps through a proxy), the emulator, and a short SQS poll so that a test's end is not a
     * 20 s long poll away.
     */
    public static Map<String, Object> properties(AwsTestBed aws, String databaseUrl) {
        Postgres server = Postgres.shared();
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", databaseUrl);
        properties.put("spring.datasource.username", server.user());
        properties.put("spring.datasource.password", server.password());
        properties.put("spring.cloud.aws.endpoint", aws.emulator.endpoint().toString());
        properties.put("spring.cloud.aws.region.static", AwsEmulator.REGION);
        properties.put("spring.cloud.aws.credentials.access-key", AwsEmulator.ACCESS_KEY);
        properties.put("spring.cloud.aws.credentials.secret-key", AwsEmulator.SECRET_KEY);
        properties.put("spring.cloud.aws.s3.path-style-access-enabled", "true");
        properties.put("spring.cloud.aws.sqs.listener.poll-timeout", "1s");
        return properties;
    }

    /** Pipeline {@code name}: files of bucket {@code in}, converted by Glue job {@code job} into table {@code name}. */
    public static Map<String, Object> pipeline(String name, String in, String out, String job) {
        String at = "sluice.pipelines." + name + ".";
        return Map.of(
                at + "input.bucket", in,
                at + "output.bucket", out,
                at + "job.name", job,
                at + "job.table", name);
    }

    public ConfigurableApplicationContext get(int replica) {
        return contexts.get(replica);
    }

    public List<ConfigurableApplicationContext> all() {
        return List.copyOf(contexts);
    }

    /** The replica's readiness as its HTTP status: 200 when ready, 503 when not. */
    public int readiness(int replica) {
        int port = Integer.parseInt(get(replica).getEnvironment().getProperty("local.server.port"));
        return Http.to(port).get("/actuator/health/readiness").status();
    }

    /**
     * The sum over the replicas of a counter's count since start. Read from a cumulative registry
     * (Prometheus'): the aws profile's CloudWatch registry counts per step, so the composite's count
     * would be the last whole minute's, not the total.
     */
    public double counted(String counter) {
        return contexts.stream()
                .mapToDouble(c -> c.getBeansOfType(MeterRegistry.class).values().stream()
                        .filter(r -> !(r instanceof CompositeMeterRegistry) && !(r instanceof StepMeterRegistry))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no cumulative meter registry"))
                        .counter(counter)
                        .count())
                .sum();
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }
}
