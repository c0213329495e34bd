package dev.sluice.gluejob;

import dev.sluice.batch.TaskRunner;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file tasks of a batch as Spark tasks across the cluster, one partition each. */
final class SparkTaskRunner implements TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(SparkTaskRunner.class);
    private static final Duration TASKS_END = Duration.ofMinutes(2);

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
        String group = "sluice-" + UUID.randomUUID();
        context.setJobGroup(group, description, true);
        try {
            return context.parallelize(items, items.size()).map(work::apply).collect();
        } catch (Exception e) { // SparkException is checked, and thrown undeclared from Scala
            // a failed task aborts the job, but Spark only marks its siblings killed and they run on:
            // interrupt them and wait, so that nothing they write lands after the run has cleaned up
            context.cancelJobGroup(group);
            awaitEnded(context.statusTracker(), group);
            throw failed(description, e);
        } finally {
            context.clearJobGroup();
        }
    }

    @Override
    public int parallelism() {
        return spark.sparkContext().defaultParallelism();
    }

    /**
     * The task's own exception when it is unchecked (the run reports its message, which names the
     * file or object), else one that says which tasks failed and why.
     */
    private static RuntimeException failed(String description, Exception e) {
        Throwable task = e.getCause();
        if (task instanceof RuntimeException unchecked) {
            unchecked.addSuppressed(e);
            return unchecked;
        }
        if (e instanceof RuntimeException unchecked) {
            return unchecked;
        }
        return new IllegalStateException(description + " failed: " + e.getMessage(), e);
    }

    private static void awaitEnded(JavaSparkStatusTracker tracker, String group) {
        long deadline = System.nanoTime() + TASKS_END.toNanos();
        while (running(tracker, group) > 0) {
            if (System.nanoTime() > deadline) {
                log.warn("Tasks of the failed Spark job group {} still run after {}", group, TASKS_END);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int running(JavaSparkStatusTracker tracker, String group) {
        int active = 0;
        for (int job : tracker.getJobIdsForGroup(group)) {
            SparkJobInfo info = tracker.getJobInfo(job);
            if (info == null) {
                continue;
            }
            for (int stage : info.stageIds()) {
                SparkStageInfo stageInfo = tracker.getStageInfo(stage);
                active += stageInfo == null ? 0 : stageInfo.numActiveTasks();
            }
        }
        return active;
    }
}
