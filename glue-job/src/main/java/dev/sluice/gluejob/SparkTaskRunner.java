package dev.sluice.gluejob;

import dev.sluice.batch.TaskRunner;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The file tasks of a batch as Spark tasks across the cluster, one partition each. */
final class SparkTaskRunner implements TaskRunner {

    private final SparkSession spark;

    SparkTaskRunner(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    @Override
    public <I extends Serializable, T extends Serializable> List<T> run(
            String description, List<I> items, Work<I, T> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        context.setJobDescription(description);
        try {
            return context.parallelize(items, items.size()).map(work::apply).collect();
        } finally {
            context.setJobDescription(null);
        }
    }

    @Override
    public int parallelism() {
        return spark.sparkContext().defaultParallelism();
    }
}
