package dev.sluice.gluejob;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.gluejob.storage.S3Stores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import java.time.Clock;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * One Glue job run: reads the manifest its arguments name, checks that both describe the same run,
 * and hands it to batch-core's {@link BatchConversion} with Spark tasks and S3.
 */
public final class GlueConversion {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final Clock clock;

    public GlueConversion(SparkSession spark, TableCatalog catalog, Clock clock) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws RuntimeException when the run as a whole fails: unreadable manifest, incompatible
     *     schema, storage or catalog errors; the message says why
     */
    public RunReport run(JobArguments args) {
        S3Stores stores = new S3Stores(args.store());
        RunManifest manifest = readManifest(args, stores);
        BatchJob job = new BatchJob(
                args.jobName(),
                args.jobRunId(),
                args.runId(),
                args.attempt(),
                args.output(),
                args.database(),
                args.table(),
                args.processingJob());
        return new BatchConversion(new SparkTaskRunner(spark), catalog, stores, clock).run(job, manifest);
    }

    private static RunManifest readManifest(JobArguments args, S3Stores stores) {
        ObjectLocation at = args.manifest();
        RunManifest manifest = RunManifest.fromJson(stores.forLocation(at).read(at), at.uri());
        requireSame("--run_id", Long.toString(args.runId()), Long.toString(manifest.runId()), at);
        requireSame("--attempt", Integer.toString(args.attempt()), Integer.toString(manifest.attempt()), at);
        requireSame("--database", args.database(), manifest.database(), at);
        requireSame("--table", args.table(), manifest.table(), at);
        requireSame("--processing_job", args.processingJob(), manifest.processingJob(), at);
        return manifest;
    }

    private static void requireSame(String argument, String given, String inManifest, ObjectLocation manifest) {
        if (inManifest != null && !given.equals(inManifest)) {
            throw new InvalidJobArgumentException(
                    argument, given, "the manifest " + manifest + " says '" + inManifest + "'");
        }
    }
}
