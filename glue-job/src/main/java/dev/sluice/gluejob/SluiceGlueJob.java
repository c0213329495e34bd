package dev.sluice.gluejob;

import dev.sluice.gluejob.catalog.GlueTableCatalog;
import dev.sluice.gluejob.storage.StoreSettings;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * The entry point AWS Glue starts: job language Scala (a JVM job), {@code --class
 * dev.sluice.gluejob.SluiceGlueJob}, this jar as the script and as {@code --extra-jars}. Reads the
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
        try (GlueClient glue = glue(arguments.store())) {
            GlueTableCatalog catalog = new GlueTableCatalog(
                    glue,
                    arguments.database(),
                    arguments.table(),
                    OutputLayout.tablePrefix(arguments.output(), arguments.table()));
            new BatchConversion(spark, catalog, Clock.systemUTC()).run(arguments);
        }
    }

    static GlueClient glue(StoreSettings settings) {
        GlueClientBuilder builder = GlueClient.builder();
        settings.regionOverride().map(Region::of).ifPresent(builder::region);
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
