package dev.sluice.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sluice.controlplane.ingest.RecordedFile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a reprocess request, dry run or not.
 *
 * @param matched files the selection matched
 * @param files of those, the files reprocessed (or that would be)
 * @param bytes their size
 * @param runs how many runs they take under the pipeline's batching policy
 * @param runIds the runs created; empty for a dry run
 * @param skipped matched files left out, counted by why
 * @param sample the first {@value Reprocessing#SAMPLE} files reprocessed, oldest first
 * @param supersededRuns the earlier runs whose output of these files is replaced
 * @param earlierOutput what becomes of the rows the earlier runs wrote
 */
record ReprocessPlan(
        String pipeline,
        String selection,
        boolean dryRun,
        int matched,
        int files,
        long bytes,
        int runs,
        List<Long> runIds,
        List<Skipped> skipped,
        List<SampleFile> sample,
        List<Long> supersededRuns,
        String earlierOutput,
        int maxFilesPerRequest,
        @JsonIgnore List<List<RecordedFile>> batches) {

    static final String EARLIER_OUTPUT = "For the parquet format, the output files that the superseded runs wrote"
            + " from these source files are removed when each new run publishes, never before: until then readers"
            + " keep seeing the earlier rows, and if a new run fails they stay.";

    record Skipped(String reason, int count) {}

    /** @param supersedesRun the earlier run whose output of this file the new run replaces */
    record SampleFile(long id, String key, long size, long supersedesRun) {}

    static ReprocessPlan of(
            String pipeline,
            String selection,
            boolean dryRun,
            int matched,
            List<RecordedFile> taken,
            Map<String, Integer> skipped,
            List<List<RecordedFile>> batches) {
        return new ReprocessPlan(
                pipeline,
                selection,
                dryRun,
                matched,
                taken.size(),
                taken.stream().mapToLong(RecordedFile::size).sum(),
                batches.size(),
                List.of(),
                skipped.entrySet().stream()
                        .map(e -> new Skipped(e.getKey(), e.getValue()))
                        .toList(),
                taken.stream()
                        .limit(Reprocessing.SAMPLE)
                        .map(f -> new SampleFile(f.id(), f.key(), f.size(), f.runId()))
                        .toList(),
                taken.stream()
                        .map(RecordedFile::runId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .sorted()
                        .toList(),
                EARLIER_OUTPUT,
                ReprocessSelection.MAX_FILES,
                batches);
    }

    ReprocessPlan withRuns(List<Long> created) {
        return new ReprocessPlan(
                pipeline,
                selection,
                dryRun,
                matched,
                files,
                bytes,
                runs,
                List.copyOf(created),
                skipped,
                sample,
                supersededRuns,
                earlierOutput,
                maxFilesPerRequest,
                batches);
    }
}
