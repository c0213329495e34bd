package dev.sluice.gluejob;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.gluejob.storage.StoreSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The job arguments Glue passes ({@code --NAME value}); the control plane sets {@code --manifest},
 * {@code --run_id}, {@code --attempt}, {@code --output}, {@code --database}, {@code --table} and
 * {@code --processing_job}, Glue itself {@code --JOB_NAME} and {@code --JOB_RUN_ID}. Arguments Glue
 * adds for itself ({@code --TempDir}, {@code --job-bookmark-option}...) are ignored.
 *
 * <p>Optional: {@code --endpoint_url} (an AWS emulator for S3 and Glue), {@code --region}
 * (otherwise the environment's, which Glue sets), and for the S3 client of the job's own reads and
 * writes {@code --s3_retry_mode} ({@code legacy}, {@code standard} or {@code adaptive}) and
 * {@code --s3_max_attempts} (otherwise the SDK's: {@code AWS_RETRY_MODE}, {@code AWS_MAX_ATTEMPTS},
 * else legacy with 4 attempts).
 */
public record JobArguments(
        String jobName,
        String jobRunId,
        ObjectLocation manifest,
        long runId,
        int attempt,
        ObjectLocation output,
        String database,
        String table,
        String processingJob,
        StoreSettings store) {

    /** What Athena accepts unquoted as a database or table name. */
    private static final Pattern CATALOG_NAME = Pattern.compile("[a-z0-9_]{1,255}");

    public JobArguments {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(jobRunId, "jobRunId");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(processingJob, "processingJob");
        Objects.requireNonNull(store, "store");
    }

    /**
     * Reads the arguments, failing on the first missing or invalid one.
     *
     * @throws InvalidJobArgumentException naming the argument and what is wrong with it
     */
    public static JobArguments parse(String... args) {
        Map<String, String> values = pairs(args);
        ObjectLocation manifest = location(values, "--manifest");
        if (manifest.key().isEmpty() || manifest.key().endsWith("/")) {
            throw new InvalidJobArgumentException("--manifest", values.get("--manifest"), "it names no object");
        }
        return new JobArguments(
                text(values, "--JOB_NAME"),
                text(values, "--JOB_RUN_ID"),
                manifest,
                positiveLong(values, "--run_id"),
                positiveInt(values, "--attempt"),
                location(values, "--output").asPrefix(),
                catalogName(values, "--database"),
                catalogName(values, "--table"),
                text(values, "--processing_job"),
                store(values));
    }

    private static StoreSettings store(Map<String, String> values) {
        String mode = values.getOrDefault("--s3_retry_mode", "").trim();
        if (!mode.isEmpty()) {
            try {
                StoreSettings.s3RetryMode(mode);
            } catch (IllegalArgumentException e) {
                throw new InvalidJobArgumentException("--s3_retry_mode", mode, e.getMessage());
            }
        }
        int attempts = values.containsKey("--s3_max_attempts") ? positiveInt(values, "--s3_max_attempts") : 0;
        return new StoreSettings(
                values.getOrDefault("--endpoint_url", ""), values.getOrDefault("--region", ""), mode, attempts);
    }

    /** {@code --key value} and {@code --key=value}; a key followed by another key has the value "". */
    private static Map<String, String> pairs(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                values.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(arg, args[++i]);
            } else {
                values.put(arg, "");
            }
        }
        return values;
    }

    private static String text(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new InvalidJobArgumentException(name, "the argument is missing");
        }
        if (value.isBlank()) {
            throw new InvalidJobArgumentException(name, value, "it is empty");
        }
        return value;
    }

    private static long positiveLong(Map<String, String> values, String name) {
        String value = text(values, name);
        try {
            long n = Long.parseLong(value.trim());
            if (n < 1) {
                throw new InvalidJobArgumentException(name, value, "it must be 1 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidJobArgumentException(name, value, "it is not a whole number");
        }
    }

    private static int positiveInt(Map<String, String> values, String name) {
        long n = positiveLong(values, name);
        if (n > Integer.MAX_VALUE) {
            throw new InvalidJobArgumentException(name, values.get(name), "it is too large");
        }
        return (int) n;
    }

    private static ObjectLocation location(Map<String, String> values, String name) {
        String value = text(values, name);
        try {
            return ObjectLocation.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobArgumentException(name, value, e.getMessage());
        }
    }

    private static String catalogName(Map<String, String> values, String name) {
        String value = text(values, name);
        if (!CATALOG_NAME.matcher(value).matches()) {
            throw new InvalidJobArgumentException(
                    name, value, "Athena names are lower-case letters, digits and _ (at most 255)");
        }
        return value;
    }
}
