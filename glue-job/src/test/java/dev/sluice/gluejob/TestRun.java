package dev.sluice.gluejob;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as the control plane starts it: a manifest in the output bucket (the control plane's
 * {@code RunManifest} JSON) and the Glue job arguments pointing at it.
 */
public final class TestRun {

    public static final String JOB = "sluice-test-convert";
    public static final String INGEST_DATE = "2026-11-25";

    private final Emulator aws;
    private final String outputBucket;
    private final String database;
    private final String table;
    private final long runId;
    private int attempt = 1;
    private Map<String, Object> outputSettings;
    private Map<String, Object> split;
    private final List<Map<String, Object>> files = new ArrayList<>();
    private Path localOutput;
    private URI endpoint = Emulator.AWS.endpoint();
    private final List<String> extraArgs = new ArrayList<>();

    public TestRun(Emulator aws, String outputBucket, String database, String table, long runId) {
        this.aws = aws;
        this.outputBucket = outputBucket;
        this.database = database;
        this.table = table;
        this.runId = runId;
    }

    public TestRun attempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    /** The pipeline's output settings as the manifest carries them ({@code format}, {@code onNewVersion}...). */
    public TestRun outputSettings(Map<String, Object> settings) {
        this.outputSettings = settings;
        return this;
    }

    /** A file above {@code splitAbove} bytes is converted as ranges of about {@code rangeSize}. */
    public TestRun split(long splitAbove, long rangeSize) {
        this.split = Map.of("splitAbove", splitAbove, "rangeSize", rangeSize);
        return this;
    }

    /** The job reaches S3 and Glue at {@code endpoint} (a fault proxy) instead of the emulator itself. */
    public TestRun endpoint(URI endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    /** Job arguments beyond the control plane's ({@code --s3_max_attempts 2}...). */
    public TestRun extraArgs(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /** Writes the output to a local directory instead of the output bucket (the manifest stays in S3). */
    public TestRun localOutput(Path dir) {
        this.localOutput = dir;
        return this;
    }

    public TestRun s3File(String bucket, String key, byte[] content) {
        if (content == null) {
            return file("s3://" + bucket + "/" + key, bucket, key, new Emulator.Put("", "", 0));
        }
        return file("s3://" + bucket + "/" + key, bucket, key, aws.put(bucket, key, content));
    }

    /** A file as it arrived ({@code arrived}), whatever the key holds by the time the job runs. */
    public TestRun s3Arrived(String bucket, String key, Emulator.Put arrived) {
        return file("s3://" + bucket + "/" + key, bucket, key, arrived);
    }

    public TestRun localFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            return file(file.toUri().toString(), "", file.toString(), new Emulator.Put("", md5, bytes.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestRun file(String uri, String bucket, String key, Emulator.Put arrived) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("fileId", 100 + files.size());
        f.put("uri", uri);
        f.put("bucket", bucket);
        f.put("key", key);
        f.put("size", arrived.size());
        f.put("etag", arrived.etag());
        f.put("versionId", arrived.versionId());
        files.add(f);
        return this;
    }

    public String processingJob() {
        return JOB + ":run-" + runId + "-" + attempt;
    }

    public String output() {
        return localOutput == null
                ? "s3://" + outputBucket + "/p/"
                : localOutput.toUri().toString();
    }

    /** Writes the manifest and returns the arguments Glue would pass. */
    public String[] args() {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("runId", runId);
        manifest.put("attempt", attempt);
        manifest.put("pipeline", "orders");
        manifest.put("processingJob", processingJob());
        manifest.put("ingestDate", INGEST_DATE);
        manifest.put("outputBucket", outputBucket);
        manifest.put("outputPrefix", "p/");
        manifest.put("database", database);
        manifest.put("table", table);
        manifest.put("files", files);
        if (outputSettings != null) {
            manifest.put("output", outputSettings);
        }
        if (split != null) {
            manifest.put("split", split);
        }
        String key = "p/_manifests/" + runId + "-" + attempt + ".json";
        try {
            aws.put(outputBucket, key, new ObjectMapper().writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(
                "--JOB_ID",
                "j_test",
                "--JOB_RUN_ID",
                "jr_" + runId + "_" + attempt,
                "--JOB_NAME",
                JOB,
                "--job-bookmark-option",
                "job-bookmark-disable",
                "--manifest",
                "s3://" + outputBucket + "/" + key,
                "--run_id",
                Long.toString(runId),
                "--attempt",
                Integer.toString(attempt),
                "--output",
                output(),
                "--database",
                database,
                "--table",
                table,
                "--processing_job",
                processingJob(),
                "--endpoint_url",
                endpoint.toString()));
        args.addAll(extraArgs);
        return args.toArray(String[]::new);
    }

    /** Runs the job as Glue would, on the tests' shared Spark. */
    public String[] run() {
        SharedSpark.session();
        String[] args = args();
        SluiceGlueJob.main(args);
        return args;
    }
}
