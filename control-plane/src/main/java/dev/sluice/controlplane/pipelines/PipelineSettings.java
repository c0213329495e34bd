package dev.sluice.controlplane.pipelines;

import dev.sluice.manifest.FileSplit;
import dev.sluice.manifest.TableOutput;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/** One pipeline: where its files arrive, which job converts them, how they are batched and retried. */
public record PipelineSettings(
        @DefaultValue("local") @NotBlank String environment,
        @Valid @NotNull Input input,
        @Valid @NotNull Output output,
        @Valid @NotNull Job job,
        @Valid @DefaultValue Batch batch,
        @Valid @DefaultValue Retry retry,
        @DefaultValue("4") @Min(1) int maxConcurrentRuns,
        @DefaultValue("5GB") @NotNull DataSize maxFileSize,
        @Valid @DefaultValue Reconcile reconcile,
        @Valid @DefaultValue Schema schema) {

    /** The rules the manifest carries to whichever executor publishes this pipeline's runs. */
    public TableOutput tableOutput() {
        return new TableOutput(
                output.format(),
                output.targetFileSize().toBytes(),
                schema.mode(),
                output.onNewVersion() != null
                        ? output.onNewVersion()
                        : output.format() == TableOutput.Format.ICEBERG
                                ? TableOutput.OnNewVersion.REPLACE
                                : TableOutput.OnNewVersion.APPEND);
    }

    /**
     * Objects of this bucket whose key starts with the prefix and ends with one of the suffixes
     * ({@code suffix: .csv} or a list, {@code .csv,.tsv}). The default takes CSV files as they are
     * and compressed with gzip, zstd or bzip2, which the converter reads by their content.
     */
    public record Input(
            @NotBlank String bucket,
            @DefaultValue("") String prefix,

            @DefaultValue({".csv", ".csv.gz", ".csv.zst", ".csv.bz2"}) @NotEmpty
            List<@NotBlank String> suffix) {

        public Input {
            suffix = suffix == null ? null : List.copyOf(suffix);
        }

        public boolean matches(String bucket, String key) {
            return this.bucket.equals(bucket) && key.startsWith(prefix) && hasSuffix(key);
        }

        /** Whether a key or file name ends with one of the suffixes. */
        public boolean hasSuffix(String name) {
            return suffix.stream().anyMatch(name::endsWith);
        }
    }

    /**
     * Where Parquet, rejects ({@code _rejects/}), reports ({@code _reports/}) and manifests go, and in
     * which table format. {@code on-new-version} defaults to {@code replace} for Iceberg tables and to
     * {@code append} for Parquet ones.
     *
     * @param onNewVersion {@code null} for the format's default
     */
    public record Output(
            @NotBlank String bucket,
            @DefaultValue("") String prefix,
            @DefaultValue("parquet") @NotNull TableOutput.Format format,
            @DefaultValue("128MB") @NotNull DataSize targetFileSize,
            TableOutput.OnNewVersion onNewVersion) {

        public Output {
            if (targetFileSize != null && targetFileSize.toBytes() <= 0) {
                throw new IllegalArgumentException("output.target-file-size must be positive, was " + targetFileSize);
            }
        }
    }

    /** How the table's schema may change: {@code evolve} (the default), {@code freeze} or {@code quarantine}. */
    public record Schema(@DefaultValue("evolve") @NotNull TableOutput.SchemaMode mode) {}

    /** The Glue job that converts a batch, and the catalog table it keeps current. */
    public record Job(
            @NotBlank String name,

            @DefaultValue("sluice") @Pattern(regexp = "[a-z0-9_]{1,255}")
            String database,

            @NotBlank @Pattern(regexp = "[a-z0-9_]{1,255}") String table) {}

    /**
     * A batch closes at max files, max bytes or max wait, whichever comes first. A plain CSV file
     * above {@code splitAbove} ({@code 0}, the default, for never) is converted as ranges of about
     * {@code rangeSize} bytes, each a task of its own, so that one large file uses every task slot of
     * the job.
     */
    public record Batch(
            @DefaultValue("100") @Min(1) int maxFiles,
            @DefaultValue("1GB") @NotNull DataSize maxBytes,
            @DefaultValue("60s") @NotNull Duration maxWait,
            @DefaultValue("0B") @NotNull DataSize splitAbove,
            @DefaultValue("128MB") @NotNull DataSize rangeSize) {

        public Batch {
            if (splitAbove != null && splitAbove.toBytes() < 0) {
                throw new IllegalArgumentException(
                        "batch.split-above must be 0 (never) or positive, was " + splitAbove);
            }
            if (rangeSize != null && rangeSize.toBytes() <= 0) {
                throw new IllegalArgumentException("batch.range-size must be positive, was " + rangeSize);
            }
        }

        /** What the manifest carries to the job. */
        public FileSplit fileSplit() {
            return new FileSplit(splitAbove.toBytes(), rangeSize.toBytes());
        }
    }

    /** Failed and timed-out runs are retried as new attempts, with exponential backoff and jitter. */
    public record Retry(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("30s") @NotNull Duration initialBackoff,
            @DefaultValue("15m") @NotNull Duration maxBackoff) {}

    /**
     * The reconciliation sweep: every {@code interval} ({@code off} for never) the input prefix is
     * listed and objects the ledger lacks are recorded as their notification would have; objects
     * younger than {@code grace} are left to their notification, which is usually seconds late.
     */
    public record Reconcile(
            @DefaultValue("3h") @NotBlank String interval,
            @DefaultValue("15m") @NotNull Duration grace) {

        public Reconcile {
            if (interval != null && !"off".equals(interval)) {
                try {
                    DurationStyle.detectAndParse(interval);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "reconcile.interval: '" + interval + "' is neither a duration (3h, PT3H) nor 'off'", e);
                }
            }
        }

        /** How often to sweep; empty when the sweep is off. */
        public Optional<Duration> every() {
            return "off".equals(interval) ? Optional.empty() : Optional.of(DurationStyle.detectAndParse(interval));
        }
    }
}
