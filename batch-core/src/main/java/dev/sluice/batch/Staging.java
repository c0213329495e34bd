package dev.sluice.batch;

import dev.sluice.batch.convert.FileOutcome;
import dev.sluice.batch.convert.FileTask;
import dev.sluice.batch.convert.SplitFile;
import dev.sluice.batch.convert.StageTask;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.manifest.FileSplit;
import dev.sluice.processor.ConversionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first conversion of a run's files, each a task, but a file above the pipeline's split size a
 * task per byte range ({@link SplitFile}): a pass over all of them, then passes over the ranges
 * whose cut moved or that need the schema of all values, and a file whose ranges could not be
 * proven converted whole, as one task.
 */
final class Staging {

    private static final Logger log = LoggerFactory.getLogger(Staging.class);

    /** Runs one pass of tasks wherever the run's tasks run. */
    interface Pass {
        List<StageTask.Done> run(List<StageTask> items);
    }

    private final long runId;
    private final FileSplit split;
    private final Pass pass;
    private final Map<Integer, SplitFile> proven = new HashMap<>();

    Staging(long runId, FileSplit split, Pass pass) {
        this.runId = runId;
        this.split = split;
        this.pass = pass;
    }

    /** The file at {@code index} as the ranges its outcome was proven with. */
    SplitFile proven(int index) {
        SplitFile file = proven.get(index);
        if (file == null) {
            throw new IllegalStateException("file " + index + " of run " + runId + " was not converted as ranges");
        }
        return file;
    }

    /**
     * Converts {@code tasks} (each as ranges when above the split size) and {@code planned}, files
     * already planned as ranges.
     */
    List<FileOutcome> run(List<FileTask> tasks, List<SplitFile> planned) {
        List<FileTask> wholes = new ArrayList<>();
        List<SplitFile> pending = new ArrayList<>(planned);
        // why a file above the split size is converted whole after all, for its report
        Map<Integer, String> notes = new HashMap<>();
        for (FileTask task : tasks) {
            if (!split.splits(task.size())) {
                wholes.add(task);
                continue;
            }
            try {
                SplitFile.Planned cut = SplitFile.plan(task, split.rangeSize());
                if (cut.ranges().isPresent()) {
                    pending.add(cut.ranges().get());
                    continue;
                }
                notes.put(task.index(), "converted as one task: it cannot be cut into ranges: " + cut.uncut());
            } catch (ConversionException | IllegalArgumentException | ObjectUnavailableException e) {
                // the file's own conversion reports what is wrong with it, and fails it alone
                log.info("Run {}: {} is converted whole: {}", runId, task.uri(), e.getMessage());
                notes.put(task.index(), "converted as one task: " + e.getMessage());
            }
            wholes.add(task);
        }
        List<FileOutcome> done = new ArrayList<>();
        while (!pending.isEmpty() || !wholes.isEmpty()) {
            List<StageTask> items = new ArrayList<>();
            wholes.forEach(t -> items.add(new StageTask(t, null)));
            pending.forEach(f -> f.ranges().forEach(r -> items.add(new StageTask(f.file(), r))));
            Map<Integer, List<SplitFile.RangeOutcome>> byFile = new HashMap<>();
            for (StageTask.Done d : pass.run(items)) {
                if (d.file() != null) {
                    done.add(d.file().noted(notes.getOrDefault(d.index(), "")));
                } else {
                    byFile.computeIfAbsent(d.index(), i -> new ArrayList<>()).add(d.range());
                }
            }
            wholes.clear();
            List<SplitFile> again = new ArrayList<>();
            for (SplitFile file : pending) {
                settle(file, byFile.getOrDefault(file.file().index(), List.of()), done, again, wholes, notes);
            }
            pending = again;
        }
        return done;
    }

    private void settle(
            SplitFile file,
            List<SplitFile.RangeOutcome> results,
            List<FileOutcome> done,
            List<SplitFile> again,
            List<FileTask> wholes,
            Map<Integer, String> notes) {
        SplitFile.Settled settled = file.settle(results);
        String uri = file.file().uri();
        if (settled.outcome().isPresent()) {
            log.info(
                    "Run {}: {} converted as {} ranges",
                    runId,
                    uri,
                    settled.outcome().get().ranges().size());
            done.add(settled.outcome().get());
            proven.put(file.file().index(), file);
        } else if (settled.again().isPresent()) {
            log.info(
                    "Run {}: {}: {} of its ranges go again (a cut moved off a quoted line break, or a value past"
                            + " the first records widened the schema)",
                    runId,
                    uri,
                    settled.again().get().ranges().size());
            again.add(settled.again().get());
        } else {
            log.warn("Run {}: {}: {}", runId, uri, settled.whole());
            wholes.add(file.file());
            notes.put(file.file().index(), settled.whole());
        }
    }
}
