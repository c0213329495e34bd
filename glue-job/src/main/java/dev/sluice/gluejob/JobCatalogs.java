package dev.sluice.gluejob;

import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.iceberg.IcebergTableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.gluejob.catalog.GlueIcebergCatalog;
import dev.sluice.gluejob.catalog.GlueTableCatalog;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.TableOutput;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The table a run publishes into, by the format its manifest names: the Glue Data Catalog's
 * Hive-style table and partitions for {@code parquet}, an Iceberg table in the same database through
 * Iceberg's GlueCatalog for {@code iceberg}. Both live at {@code <output>/<table>/}. The Iceberg
 * catalog is built only for an Iceberg run, so a parquet run never loads Iceberg.
 */
final class JobCatalogs implements Function<TableOutput.Format, TableCatalog>, AutoCloseable {

    private final SparkSession spark;
    private final GlueClient glue;
    private final JobArguments arguments;
    private final ObjectLocation tableLocation;
    private Catalog iceberg;

    JobCatalogs(SparkSession spark, GlueClient glue, JobArguments arguments) {
        this.spark = spark;
        this.glue = glue;
        this.arguments = arguments;
        this.tableLocation = arguments.output().asPrefix().resolve(OutputLayout.tablePrefix(arguments.table()));
    }

    @Override
    public TableCatalog apply(TableOutput.Format format) {
        return switch (format) {
            case PARQUET -> new GlueTableCatalog(glue, arguments.database(), arguments.table(), tableLocation);
            case ICEBERG ->
                new IcebergTableCatalog(
                        iceberg(), arguments.database(), arguments.table(), tableLocation.uri(), Map.of());
        };
    }

    private Catalog iceberg() {
        if (iceberg == null) {
            iceberg = GlueIcebergCatalog.load(
                    sparkConf(), arguments.store(), spark.sparkContext().hadoopConfiguration());
        }
        return iceberg;
    }

    /** The session's settings: what Glue's --conf gave it, and any set since. */
    private Map<String, String> sparkConf() {
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> setting : spark.sparkContext().getConf().getAll()) {
            conf.put(setting._1(), setting._2());
        }
        scala.collection.Iterator<Tuple2<String, String>> runtime =
                spark.conf().getAll().iterator();
        while (runtime.hasNext()) {
            Tuple2<String, String> setting = runtime.next();
            conf.put(setting._1(), setting._2());
        }
        return conf;
    }

    @Override
    public void close() throws IOException {
        if (iceberg instanceof Closeable closeable) {
            closeable.close();
        }
    }
}
