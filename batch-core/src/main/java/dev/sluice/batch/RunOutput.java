package dev.sluice.batch;

import dev.sluice.batch.convert.EarlierOutput;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run removes of the output: its staged copies, what an earlier attempt wrote, its own
 * files when it fails before the commit, and the earlier rows of the files it reprocessed.
 */
final class RunOutput {

    // the run's log lines keep the category they had when they were written inside BatchConversion
    private static final Logger log = LoggerFactory.getLogger(BatchConversion.class);

    private final BatchJob args;
    private final OutputLayout layout;
    private final ObjectStores stores;

    RunOutput(BatchJob args, OutputLayout layout, ObjectStores stores) {
        this.args = args;
        this.layout = layout;
        this.stores = stores;
    }

    private ObjectStore store(ObjectLocation location) {
        return stores.forLocation(location);
    }

    /** Staged files are copies: a failure to remove them costs storage, never data. */
    void clearStaging() {
        try {
            store(args.output()).deletePrefix(args.at(layout.staging()));
        } catch (RuntimeException e) {
            log.warn(
                    "Run {}: could not remove the staged files under {}: {}",
                    args.runId(),
                    layout.staging(),
                    e.toString());
        }
    }

    /**
     * The run failed while its files went into the partition, before the catalog commit: the
     * ones already there go again, so that a reader of a partition that existed before (whose
     * files are read without a commit) does not see part of the run. Only before the commit: a
     * commit that failed may still have happened (Iceberg's unknown state), and its files must
     * stay. When S3 refuses the removal too, the files stay, each whole, until the next attempt
     * removes them before it writes ({@link #clearEarlierAttempts()}).
     */
    void withdraw(RuntimeException failure) {
        try {
            int parts = store(args.output()).deletePrefix(args.at(layout.runParts()));
            store(args.output()).deletePrefix(args.at(layout.rejectsPrefix()));
            log.info(
                    "Run {}: failed before its commit, removed the {} files it had written into {}",
                    args.runId(),
                    parts,
                    layout.partition());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            log.warn(
                    "Run {}: failed before its commit; the files it wrote under {} stay until the next attempt"
                            + " replaces them: {}",
                    args.runId(),
                    layout.runParts(),
                    e.getMessage());
        }
    }

    /** What an earlier attempt of this run wrote goes first: this attempt writes it all again. */
    void clearEarlierAttempts() {
        int parts = store(args.output()).deletePrefix(args.at(layout.runParts()));
        int rejects = store(args.output()).deletePrefix(args.at(layout.rejectsPrefix()));
        if (parts + rejects > 0) {
            log.info(
                    "Run {}: removed {} data and {} rejects files of an earlier attempt", args.runId(), parts, rejects);
        }
    }

    /**
     * A reprocessed file's earlier output goes once this run has published it again: new rows
     * first, so a reader may briefly see both but never neither. A file that failed here
     * ({@code published} lacks it) keeps its earlier rows. Which objects is what the earlier run's
     * report lists for the file (its Parquet, or its rows of a combined one, and its rejects), so
     * repeating this on a retry finds them gone and does nothing ({@link EarlierOutput}).
     */
    void removeSuperseded(List<RunManifest.Superseded> supersedes, Set<Long> published) {
        Map<Long, Set<Long>> byRun = new TreeMap<>();
        for (RunManifest.Superseded x : supersedes) {
            if (published.contains(x.fileId())) {
                byRun.computeIfAbsent(x.runId(), r -> new HashSet<>()).add(x.fileId());
            }
        }
        int removed = 0;
        for (Map.Entry<Long, Set<Long>> earlier : byRun.entrySet()) {
            ObjectLocation reportAt = args.at(OutputLayout.report(earlier.getKey()));
            RunReport report;
            try {
                report = RunReport.fromJson(store(reportAt).read(reportAt), reportAt.uri());
            } catch (RuntimeException e) {
                log.warn(
                        "Run {}: the output run {} wrote of files {} stays: its report cannot be read ({})",
                        args.runId(),
                        earlier.getKey(),
                        earlier.getValue(),
                        e.getMessage());
                continue;
            }
            removed += EarlierOutput.remove(report, earlier.getValue(), stores);
        }
        if (!byRun.isEmpty()) {
            log.info(
                    "Run {}: removed {} objects earlier runs {} wrote of files this run reprocessed",
                    args.runId(),
                    removed,
                    byRun.keySet());
        }
    }
}
