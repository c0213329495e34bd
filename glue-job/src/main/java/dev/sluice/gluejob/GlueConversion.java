package dev.sluice.gluejob;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.gluejob.storage.S3Stores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * One Glue job run: reads the manifest its arguments name, checks that both describe the same run,
 * and hands it to batch-core's {@link BatchConversion} with Spark tasks, S3 and the table catalog of
 * the manifest's output format.
 */
public final class GlueConversion {

    private final SparkSession spark;
    private final Function<TableOutput.Format, TableCatalog> catalogs;
    private final Clock clock;

    /** @param catalogs the table of the run, by the output format its manifest names */
    public GlueConversion(SparkSession spark, Function<TableOutput.Format, TableCatalog> catalogs, Clock clock) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every run into one table, whatever its format (a benchmark's). */
    public GlueConversion(SparkSession spark, TableCatalog catalog, Clock clock) {
        this(spark, format -> catalog, clock);
        Objects.requireNonNull(catalog, "catalog");
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
        TableCatalog catalog = catalogs.apply(manifest.output().format());
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
