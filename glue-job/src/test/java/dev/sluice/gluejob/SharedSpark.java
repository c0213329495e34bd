package dev.sluice.gluejob;

import org.apache.spark.sql.SparkSession;

/**
 * The one small local Spark of the test JVM (two cores, no UI), shared by every test: starting
 * Spark costs seconds, a run on it milliseconds. The job's own {@code getOrCreate()} finds it.
 */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("sluice-glue-job-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/sluice-spark-warehouse")
                    .getOrCreate();
        }
        return session;
    }
}
