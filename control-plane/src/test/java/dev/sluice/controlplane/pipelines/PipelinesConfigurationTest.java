package dev.sluice.controlplane.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.manifest.FileSplit;
import dev.sluice.manifest.TableOutput;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class PipelinesConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PipelinesProperties.class)
    @Import(Pipelines.class)
    static class PipelinesOnly {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PipelinesOnly.class)
            .withPropertyValues(
                    "sluice.pipelines.orders.input.bucket=in",
                    "sluice.pipelines.orders.output.bucket=out",
                    "sluice.pipelines.orders.job.name=convert",
                    "sluice.pipelines.orders.job.table=orders");

    @Test
    void bindsAPipelineWithTheDocumentedDefaults() {
        context.run(ctx -> {
            PipelineSettings orders =
                    ctx.getBean(Pipelines.class).find("orders").orElseThrow().settings();
            assertThat(orders.input().suffix()).containsExactly(".csv", ".csv.gz", ".csv.zst", ".csv.bz2");
            assertThat(orders.input().matches("in", "drops/a.csv")).isTrue();
            assertThat(orders.input().matches("in", "drops/a.csv.gz")).isTrue();
            assertThat(orders.input().matches("in", "drops/a.csv.zst")).isTrue();
            assertThat(orders.input().matches("in", "drops/a.csv.bz2")).isTrue();
            assertThat(orders.input().matches("in", "drops/a.csv.xz")).isFalse();
            assertThat(orders.input().matches("in", "drops/a.gz")).isFalse();
            assertThat(orders.batch().maxFiles()).isEqualTo(100);
            assertThat(orders.batch().maxBytes().toGigabytes()).isEqualTo(1);
            assertThat(orders.batch().maxWait()).hasSeconds(60);
            assertThat(orders.batch().fileSplit()).isEqualTo(FileSplit.OFF);
            assertThat(orders.retry().maxAttempts()).isEqualTo(3);
            assertThat(orders.job().database()).isEqualTo("sluice");
            assertThat(orders.tableOutput()).isEqualTo(TableOutput.DEFAULT);
        });
    }

    @Test
    void anIcebergOutputReplacesNewVersionsUnlessToldToAppend() {
        context.withPropertyValues(
                        "sluice.pipelines.orders.output.format=iceberg",
                        "sluice.pipelines.orders.output.target-file-size=64MB",
                        "sluice.pipelines.orders.schema.mode=quarantine")
                .run(ctx -> {
                    TableOutput output = ctx.getBean(Pipelines.class)
                            .find("orders")
                            .orElseThrow()
                            .settings()
                            .tableOutput();
                    assertThat(output)
                            .isEqualTo(new TableOutput(
                                    TableOutput.Format.ICEBERG,
                                    64L << 20,
                                    TableOutput.SchemaMode.QUARANTINE,
                                    TableOutput.OnNewVersion.REPLACE));
                });
        context.withPropertyValues(
                        "sluice.pipelines.orders.output.format=iceberg",
                        "sluice.pipelines.orders.output.on-new-version=append")
                .run(ctx -> assertThat(ctx.getBean(Pipelines.class)
                                .find("orders")
                                .orElseThrow()
                                .settings()
                                .tableOutput()
                                .onNewVersion())
                        .isEqualTo(TableOutput.OnNewVersion.APPEND));
        context.withPropertyValues("sluice.pipelines.orders.schema.mode=loose")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void aSuffixSetToOneValueOrAListReplacesTheDefault() {
        context.withPropertyValues("sluice.pipelines.orders.input.suffix=.csv").run(ctx -> {
            PipelineSettings.Input input = ctx.getBean(Pipelines.class)
                    .find("orders")
                    .orElseThrow()
                    .settings()
                    .input();
            assertThat(input.suffix()).containsExactly(".csv");
            assertThat(input.matches("in", "a.csv.gz")).isFalse();
        });
        context.withPropertyValues("sluice.pipelines.orders.input.suffix=.tsv,.tsv.gz")
                .run(ctx -> {
                    PipelineSettings.Input input = ctx.getBean(Pipelines.class)
                            .find("orders")
                            .orElseThrow()
                            .settings()
                            .input();
                    assertThat(input.suffix()).containsExactly(".tsv", ".tsv.gz");
                    assertThat(input.matches("in", "a.tsv.gz")).isTrue();
                    assertThat(input.matches("in", "a.csv")).isFalse();
                });
    }

    @Test
    void aSplitThresholdAndRangeSizeReachTheManifestSettings() {
        context.withPropertyValues(
                        "sluice.pipelines.orders.batch.split-above=256MB",
                        "sluice.pipelines.orders.batch.range-size=64MB")
                .run(ctx -> assertThat(ctx.getBean(Pipelines.class)
                                .find("orders")
                                .orElseThrow()
                                .settings()
                                .batch()
                                .fileSplit())
                        .isEqualTo(new FileSplit(256L << 20, 64L << 20)));
    }

    @Test
    void aBadValueFailsStartUpNamingTheProperty() {
        context.withPropertyValues("sluice.pipelines.orders.batch.max-files=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("pipelines[orders].batch.maxFiles");
        });
    }

    @Test
    void aMissingRequiredValueFailsStartUpNamingTheProperty() {
        context.withPropertyValues("sluice.pipelines.orders.job.table=").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("pipelines[orders].job.table");
        });
    }

    @Test
    void anInvalidPipelineNameFailsStartUpNamingIt() {
        context.withPropertyValues(
                        "sluice.pipelines.Bad_Name.input.bucket=in",
                        "sluice.pipelines.Bad_Name.output.bucket=out",
                        "sluice.pipelines.Bad_Name.job.name=j",
                        "sluice.pipelines.Bad_Name.job.table=t")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("sluice.pipelines.");
                });
    }

    @Test
    void theLongestMatchingPrefixWins() {
        context.withPropertyValues(
                        "sluice.pipelines.eu-orders.input.bucket=in",
                        "sluice.pipelines.eu-orders.input.prefix=orders/eu/",
                        "sluice.pipelines.eu-orders.output.bucket=out",
                        "sluice.pipelines.eu-orders.job.name=convert",
                        "sluice.pipelines.eu-orders.job.table=eu_orders",
                        "sluice.pipelines.orders.input.prefix=orders/")
                .run(ctx -> {
                    Pipelines pipelines = ctx.getBean(Pipelines.class);
                    assertThat(pipelines.matching("in", "orders/eu/1.csv"))
                            .get()
                            .extracting(Pipeline::name)
                            .isEqualTo("eu-orders");
                    assertThat(pipelines.matching("in", "orders/us/1.csv"))
                            .get()
                            .extracting(Pipeline::name)
                            .isEqualTo("orders");
                    assertThat(pipelines.matching("in", "orders/eu/1.json")).isEmpty();
                    assertThat(pipelines.matching("other", "orders/eu/1.csv")).isEmpty();
                });
    }
}
