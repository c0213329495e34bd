package dev.sluice.controlplane.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The meters after real work in embedded mode, in the application's registry and as Prometheus
 * scrapes them. The instance is shared with other tests, so counts are compared before and after.
 */
class EmbeddedMetricsIT extends ApiTestApp {

    static final Tags DEFAULT = Tags.of("pipeline", "default", "environment", "local");
    static final Tags BROKEN = Tags.of("pipeline", "broken", "environment", "local");

    /** Cumulative counts; the composite registry would answer with the CloudWatch registry's last step. */
    @Autowired
    PrometheusMeterRegistry meters;

    @Test
    void everyPipelineMeterCarriesPipelineAndEnvironmentAfterFilesAreConverted() {
        double received = count("sluice.files.received", DEFAULT.and("status", "PENDING"));
        double duplicates = count("sluice.files.duplicates", DEFAULT);
        double started = count("sluice.runs.started", DEFAULT);
        double succeeded = count("sluice.runs.finished", DEFAULT.and("status", "SUCCEEDED"));
        double failed = count("sluice.runs.finished", BROKEN.and("status", "FAILED"));
        double read = count("sluice.rows.read", DEFAULT);
        double rejected = count("sluice.rows.rejected", DEFAULT);

        String name = unique("metered") + ".csv";
        // one record of 20 has a field too many: rejected, within the 10 % a file may reject
        // (amount is decimal(2,1), as in the other tests' files: they all go into one table)
        String csv = "id,amount\n" + "1,2.5\n".repeat(19) + "2,3,4\n";
        runOf("default", name, csv, "SUCCEEDED");
        assertThat(admin().upload("default", name, csv.getBytes()).body()).contains("\"duplicate\":true");
        failedRun();

        assertThat(count("sluice.files.received", DEFAULT.and("status", "PENDING")) - received)
                .isGreaterThanOrEqualTo(1);
        assertThat(count("sluice.files.duplicates", DEFAULT) - duplicates)
                .as("the second upload; not the input directory's scan finding the uploaded file")
                .isEqualTo(1);
        assertThat(count("sluice.runs.started", DEFAULT) - started).isGreaterThanOrEqualTo(1);
        assertThat(count("sluice.runs.finished", DEFAULT.and("status", "SUCCEEDED")) - succeeded)
                .isGreaterThanOrEqualTo(1);
        assertThat(count("sluice.runs.finished", BROKEN.and("status", "FAILED")) - failed)
                .isGreaterThanOrEqualTo(1);
        assertThat(count("sluice.rows.read", DEFAULT) - read).isGreaterThanOrEqualTo(20);
        assertThat(count("sluice.rows.rejected", DEFAULT) - rejected).isGreaterThanOrEqualTo(1);
        Timer duration = meters.find("sluice.runs.duration")
                .tags(DEFAULT.and("status", "SUCCEEDED"))
                .timer();
        assertThat(duration).isNotNull();
        assertThat(duration.count()).isPositive();
        Gauge lag = meters.find("sluice.files.queue.lag").tags(DEFAULT).gauge();
        assertThat(lag).isNotNull();
        assertThat(lag.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(lag.value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void prometheusScrapesNeedAViewerTokenAndShowTheTags() {
        runOf("default", unique("scraped") + ".csv", "id\n1\n", "SUCCEEDED");
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);

        Http.Answer scrape =
                anonymous().as(tokenFor(unique("prometheus"), "VIEWER")).get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains(
                        "sluice_files_received_total{application=\"sluice\",environment=\"local\",pipeline=\"default\",status=\"PENDING\"}")
                .contains(
                        "sluice_runs_finished_total{application=\"sluice\",environment=\"local\",pipeline=\"default\",status=\"SUCCEEDED\"}")
                .contains(
                        "sluice_runs_duration_seconds_count{application=\"sluice\",environment=\"local\",pipeline=\"default\",status=\"SUCCEEDED\"}")
                .contains(
                        "sluice_files_queue_lag_seconds{application=\"sluice\",environment=\"local\",pipeline=\"default\"}")
                .contains(
                        "sluice_rows_rejected_total{application=\"sluice\",environment=\"local\",pipeline=\"default\"}");
    }

    private double count(String name, Tags tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
