package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.manifest.RunReport;
import dev.sluice.processor.ParquetRewrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an earlier run wrote of files that a later run has published again. A Parquet file
 * that held only such files goes (every range file of a file converted as ranges), with their
 * rejects; a combined file that holds other files' rows
 * too is written again without the reprocessed files' rows, which its footer ({@link
 * CombinedFiles}) names by row range: by file, not by key, since two versions of one key may share
 * a file. The footer is rewritten with the rows, so repeating this (a retry) finds nothing to do.
 */
public final class EarlierOutput {

    private static final Logger log = LoggerFactory.getLogger(EarlierOutput.class);

    private EarlierOutput() {}

    /**
     * @param report the earlier run's report
     * @param fileIds the files whose rows go
     * @return how many objects were removed or rewritten
     */
    public static int remove(RunReport report, Set<Long> fileIds, ObjectStores stores) {
        Map<String, List<Long>> filesByParquet = new LinkedHashMap<>();
        Set<String> parquets = new LinkedHashSet<>();
        int changed = 0;
        for (RunReport.FileReport file : report.files()) {
            for (String parquet : file.parquetFiles()) {
                filesByParquet.computeIfAbsent(parquet, p -> new ArrayList<>()).add(file.fileId());
            }
            if (fileIds.contains(file.fileId())) {
                parquets.addAll(file.parquetFiles());
                if (!file.rejects().isEmpty()) {
                    ObjectLocation at = ObjectLocation.parse(file.rejects());
                    changed += stores.forLocation(at).deletePrefix(at);
                }
            }
        }
        for (String uri : parquets) {
            ObjectLocation at = ObjectLocation.parse(uri);
            if (fileIds.containsAll(filesByParquet.get(uri))) {
                changed += stores.forLocation(at).deletePrefix(at);
            } else {
                changed += rewriteWithout(at, fileIds, stores.forLocation(at));
            }
        }
        return changed;
    }

    private static int rewriteWithout(ObjectLocation at, Set<Long> fileIds, ObjectStore store) {
        try (WorkDir dir = WorkDir.create("sluice-earlier-")) {
            Path local = dir.resolve("earlier.parquet");
            try {
                store.download(at, local);
            } catch (ObjectUnavailableException e) {
                return 0; // removed before, by an earlier attempt
            }
            Map<String, String> footer = ParquetRewrite.metadata(local);
            String listed = footer.get(CombinedFiles.KEY);
            if (listed == null) {
                log.warn("{} holds rows of several files but does not say which are which: it stays", at.uri());
                return 0;
            }
            List<CombinedFiles.Entry> entries = CombinedFiles.parse(listed, at.uri());
            List<CombinedFiles.Entry> kept = new ArrayList<>();
            List<ParquetRewrite.Range> ranges = new ArrayList<>();
            long rows = 0;
            for (CombinedFiles.Entry e : entries) {
                if (!fileIds.contains(e.fileId())) {
                    ranges.add(new ParquetRewrite.Range(local, e.firstRow(), e.rows()));
                    kept.add(new CombinedFiles.Entry(e.fileId(), rows, e.rows(), e.uri()));
                    rows += e.rows();
                }
            }
            if (kept.size() == entries.size()) {
                return 0; // its rows went already
            }
            if (kept.isEmpty()) {
                return store.deletePrefix(at);
            }
            Map<String, String> rewritten = new LinkedHashMap<>(footer);
            rewritten.remove(ParquetRewrite.SCHEMA_KEY);
            rewritten.put(CombinedFiles.KEY, CombinedFiles.format(kept));
            Path out = dir.resolve("rewritten.parquet");
            ParquetRewrite.write(ParquetRewrite.schema(local), ranges, out, rewritten);
            // one PUT replaces the object whole: a reader sees the file before or after, never half
            store.upload(out, at);
            return 1;
        }
    }
}
