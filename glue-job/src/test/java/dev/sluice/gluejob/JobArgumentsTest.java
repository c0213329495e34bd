package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.storage.ObjectLocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.retry.RetryMode;

class JobArgumentsTest {

    static List<String> valid() {
        return new ArrayList<>(List.of(
                "--JOB_ID", "j_123",
                "--JOB_RUN_ID", "jr_abc",
                "--job-bookmark-option", "job-bookmark-disable",
                "--TempDir", "s3://aws-glue-temp/",
                "--JOB_NAME", "sluice-dev-convert",
                "--manifest", "s3://out/p/_manifests/7-2.json",
                "--run_id", "7",
                "--attempt", "2",
                "--output", "s3://out/p",
                "--database", "sluice_dev",
                "--table", "orders",
                "--processing_job", "sluice-dev-convert:run-7-2"));
    }

    @Test
    void readsWhatTheControlPlaneAndGluePassIgnoringGluesOwnArguments() {
        JobArguments args = JobArguments.parse(valid().toArray(String[]::new));

        assertThat(args.jobName()).isEqualTo("sluice-dev-convert");
        assertThat(args.jobRunId()).isEqualTo("jr_abc");
        assertThat(args.manifest())
                .isEqualTo(new ObjectLocation(ObjectLocation.Scheme.S3, "out", "p/_manifests/7-2.json"));
        assertThat(args.runId()).isEqualTo(7);
        assertThat(args.attempt()).isEqualTo(2);
        assertThat(args.output().uri()).isEqualTo("s3://out/p/");
        assertThat(args.database()).isEqualTo("sluice_dev");
        assertThat(args.table()).isEqualTo("orders");
        assertThat(args.processingJob()).isEqualTo("sluice-dev-convert:run-7-2");
        assertThat(args.store().endpointOverride()).isEmpty();
        assertThat(args.store().regionOverride()).isEmpty();
    }

    @Test
    void takesKeyEqualsValueAndTheEmulatorSettings() {
        List<String> list = valid();
        list.addAll(List.of("--run_id=8", "--endpoint_url", "http://127.0.0.1:5000", "--region=eu-west-1"));
        list.set(list.indexOf("--attempt") + 1, "1");

        JobArguments args = JobArguments.parse(list.toArray(String[]::new));

        assertThat(args.runId()).isEqualTo(8);
        assertThat(args.store().endpoint()).isEqualTo("http://127.0.0.1:5000");
        assertThat(args.store().region()).isEqualTo("eu-west-1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--JOB_NAME",
                "--JOB_RUN_ID",
                "--manifest",
                "--run_id",
                "--attempt",
                "--output",
                "--database",
                "--table",
                "--processing_job"
            })
    void aMissingArgumentIsNamed(String name) {
        List<String> list = valid();
        int at = list.indexOf(name);
        list.remove(at + 1);
        list.remove(at);

        assertThatThrownBy(() -> JobArguments.parse(list.toArray(String[]::new)))
                .isInstanceOf(InvalidJobArgumentException.class)
                .hasMessage(name + ": the argument is missing")
                .extracting(e -> ((InvalidJobArgumentException) e).argument())
                .isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--run_id|seven|--run_id 'seven' is invalid: it is not a whole number",
                "--run_id|0|--run_id '0' is invalid: it must be 1 or more",
                "--attempt|99999999999|--attempt '99999999999' is invalid: it is too large",
                "--manifest|s3://bucket/|--manifest 's3://bucket/' is invalid: it names no object",
                "--manifest|https://x/y.json|--manifest 'https://x/y.json' is invalid: 'https://x/y.json' is neither an s3:// nor a file: URI",
                "--output|s3:///p/|--output 's3:///p/' is invalid: 's3:///p/' names no bucket",
                "--table|Orders|--table 'Orders' is invalid: Athena names are lower-case letters, digits and _ (at most 255)",
                "--database|sluice-dev|--database 'sluice-dev' is invalid: Athena names are lower-case letters, digits and _ (at most 255)",
                "--processing_job|' '|--processing_job ' ' is invalid: it is empty"
            })
    void anInvalidArgumentIsNamedWithItsValue(String name, String value, String message) {
        List<String> list = valid();
        list.set(list.indexOf(name) + 1, value);

        assertThatThrownBy(() -> JobArguments.parse(list.toArray(String[]::new)))
                .isInstanceOf(InvalidJobArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void anArgumentWithoutValueIsEmpty() {
        List<String> list = valid();
        list.remove(list.indexOf("--table") + 1);

        assertThatThrownBy(() -> JobArguments.parse(list.toArray(String[]::new)))
                .hasMessage("--table '' is invalid: it is empty");
    }

    @Test
    void theS3ClientsRetriesAreTheSdksUnlessTheArgumentsSayOtherwise() {
        assertThat(JobArguments.parse(valid().toArray(String[]::new)).store().retryModeOverride())
                .isEmpty();
        List<String> args = valid();
        args.addAll(List.of("--s3_retry_mode", "adaptive", "--s3_max_attempts", "8"));

        JobArguments parsed = JobArguments.parse(args.toArray(String[]::new));

        assertThat(parsed.store().retryModeOverride()).hasValue(RetryMode.ADAPTIVE_V2);
        assertThat(parsed.store().maxAttempts()).isEqualTo(8);
        List<String> wrong = valid();
        wrong.addAll(List.of("--s3_retry_mode", "eager"));
        assertThatThrownBy(() -> JobArguments.parse(wrong.toArray(String[]::new)))
                .isInstanceOf(InvalidJobArgumentException.class)
                .hasMessageContaining("--s3_retry_mode")
                .hasMessageContaining("'eager' is not legacy, standard or adaptive");
    }
}
