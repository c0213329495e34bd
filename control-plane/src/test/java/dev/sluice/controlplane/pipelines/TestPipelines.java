package dev.sluice.controlplane.pipelines;

import dev.sluice.manifest.TableOutput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.util.unit.DataSize;

/** Pipelines for tests that need a few without a Spring context: name → environment and Glue job. */
public final class TestPipelines {

    private TestPipelines() {}

    public record Spec(String name, String environment, String job) {}

    public static Pipelines of(Spec... specs) {
        Map<String, PipelineSettings> settings = new TreeMap<>();
        for (Spec spec : specs) {
            settings.put(
                    spec.name(),
                    new PipelineSettings(
                            spec.environment(),
                            new PipelineSettings.Input(spec.name() + "-in", "", List.of(".csv")),
                            new PipelineSettings.Output(
                                    spec.name() + "-out",
                                    "",
                                    TableOutput.Format.PARQUET,
                                    DataSize.ofMegabytes(128),
                                    null),
                            new PipelineSettings.Job(spec.job(), "sluice", spec.name()),
                            new PipelineSettings.Batch(
                                    100,
                                    DataSize.ofGigabytes(1),
                                    Duration.ofMinutes(1),
                                    DataSize.ofBytes(0),
                                    DataSize.ofMegabytes(128)),
                            new PipelineSettings.Retry(3, Duration.ofSeconds(30), Duration.ofMinutes(15)),
                            4,
                            DataSize.ofGigabytes(5),
                            new PipelineSettings.Reconcile("off", Duration.ofMinutes(15)),
                            new PipelineSettings.Schema(TableOutput.SchemaMode.EVOLVE)));
        }
        return new Pipelines(new PipelinesProperties(settings));
    }
}
