package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.processor.ParquetRewrite;
import dev.sluice.processor.Schema;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The second step for one bin of files, once the batch's schema is known: a file alone in its bin
 * is finished as before (its staged conversion copied into the table, or converted again); the
 * files of a bin of several are written into one Parquet file at {@code combined}. Their staged
 * Parquet is rewritten (processor-core's {@link ParquetRewrite}); a file staged with another
 * schema is converted again with the batch's first, locally. Only then is anything combined, so a
 * file that failed, in staging or in that conversion, is left out and the others go on.
 *
 * <p>The combined file's footer lists, in {@link CombinedFiles}, which rows are which file's: the
 * report says the same, and a later reprocess of one of them removes exactly those rows.
 */
public record BinFinish(List<FileFinish> members, ObjectLocation combined, String processingJob)
        implements Serializable {

    public BinFinish {
        members = List.copyOf(members);
        Objects.requireNonNull(processingJob, "processingJob");
        if (members.size() > 1) {
            Objects.requireNonNull(combined, "combined");
        }
    }

    /** A file alone in its bin. */
    public static BinFinish alone(FileFinish file) {
        return new BinFinish(List.of(file), null, file.task().processingJob());
    }

    /** What became of the bin's files, in manifest order. */
    public record Outcome(List<FileOutcome> files) implements Serializable {
        public Outcome {
            files = List.copyOf(files);
        }
    }

    public Outcome run() {
        if (members.size() == 1) {
            return new Outcome(List.of(members.get(0).run()));
        }
        try (WorkDir dir = WorkDir.create("sluice-bin-")) {
            return combine(dir);
        }
    }

    public long size() {
        return members.stream().mapToLong(FileFinish::size).sum();
    }

    private Outcome combine(WorkDir dir) {
        long started = System.nanoTime();
        Schema schema = null;
        List<FileOutcome> outcomes = new ArrayList<>();
        List<ParquetRewrite.Range> ranges = new ArrayList<>();
        List<CombinedFiles.Entry> entries = new ArrayList<>();
        long rows = 0;
        for (FileFinish member : members) {
            FileOutcome local = local(member, dir.resolve(member.task().index() + ".parquet"));
            if (!local.ok()) {
                outcomes.add(local);
                continue;
            }
            if (schema == null) {
                schema = Schema.fromJson(member.reconvert() ? member.schemaJson() : local.schemaJson());
            }
            ranges.add(
                    new ParquetRewrite.Range(dir.resolve(member.task().index() + ".parquet"), 0, local.rowsWritten()));
            entries.add(new CombinedFiles.Entry(local.fileId(), rows, local.rowsWritten(), local.uri()));
            outcomes.add(local.at(combined.uri(), rows));
            rows += local.rowsWritten();
        }
        if (!ranges.isEmpty()) {
            Path out = dir.resolve("combined.parquet");
            Map<String, String> footer = new LinkedHashMap<>();
            footer.put(CombinedFiles.KEY, CombinedFiles.format(entries));
            footer.put("sluice.processing_job", processingJob);
            ParquetRewrite.write(schema, ranges, out, footer);
            members.get(0).task().stores().forLocation(combined).upload(out, combined);
        }
        long millis = (System.nanoTime() - started) / 1_000_000 / Math.max(1, ranges.size());
        return new Outcome(outcomes.stream()
                .map(o -> o.ok() ? o.withFiles(o.parquet(), o.rejects(), millis) : o)
                .toList());
    }

    /**
     * The member's rows as a local Parquet file with the batch's schema, and its rejects in their
     * place; a failed file keeps its error (and its rejects).
     */
    private static FileOutcome local(FileFinish member, Path local) {
        FileTask task = member.task();
        FileOutcome staged = member.staged();
        if (!staged.ok() || !member.reconvert()) {
            // the staged rejects (if any) into their place; the Parquet is combined, not copied
            FileOutcome placed = task.promote(staged.withFiles("", staged.rejects(), 0));
            if (staged.ok()) {
                task.downloadStaged(staged, local);
            }
            return placed;
        }
        FileOutcome again = task.convertLocal(member.schemaJson(), local);
        return again.withFiles("", again.rejects(), staged.millis()).noted(staged.note());
    }
}
