package dev.sluice.gluejob;

import dev.sluice.gluejob.storage.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * The entry point of Sluice's Glue job. Glue compiles the job's Scala script (SluiceGlueEntry.scala
 * in deploy-templates, {@code --class SluiceGlueEntry}), which calls this with its arguments; this
 * jar is on the class path through {@code --extra-jars}. Reads the
 * run manifest named by {@code --manifest}, converts its files, keeps the table current and writes
 * the run report. Any exception fails the Glue job run with its message.
 */
public final class SluiceGlueJob {

    private SluiceGlueJob() {}

    public static void main(String[] args) {
        JobArguments arguments = JobArguments.parse(args);
        SparkSession spark = SparkSession.builder()
                .appName("sluice " + arguments.jobName() + " run " + arguments.runId())
                // processor-core writes the Parquet; should Spark ever write some, never INT96
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
                .getOrCreate();
        try (GlueClient glue = glue(arguments.store());
                JobCatalogs catalogs = new JobCatalogs(spark, glue, arguments)) {
            new GlueConversion(spark, catalogs, Clock.systemUTC()).run(arguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GlueClient glue(StoreSettings settings) {
        GlueClientBuilder builder = GlueClient.builder();
        settings.regionOverride().map(Region::of).ifPresent(builder::region);
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
