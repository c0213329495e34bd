package dev.sluice.batch.convert;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One schema for the files of a batch, by processor-core's rules ({@link CsvConversion#inferSchema}:
 * as if the files were one, columns matched by original name).
 *
 * <p>Each executor infers its own file's schema. When they all agree, that is the batch's schema:
 * processor-core's column inference only ever widens, so merging files that each infer type T gives
 * T again (and equal schemas have the same header names in the same order). When they differ, the
 * driver runs processor-core's batch inference over copies of the files, which is exact but reads
 * every file once more on one machine.
 */
public final class BatchSchema {

    private BatchSchema() {}

    /**
     * The schema of the files that converted on their own, in manifest order; empty when none did.
     *
     * @param tasks every file of the run, by index
     */
    public static Optional<Schema> infer(List<FileOutcome> outcomes, Map<Integer, FileTask> tasks) {
        List<FileOutcome> ok = outcomes.stream()
                .filter(FileOutcome::ok)
                .sorted(Comparator.comparingInt(FileOutcome::index))
                .toList();
        if (ok.isEmpty()) {
            return Optional.empty();
        }
        Set<String> distinct = new HashSet<>();
        ok.forEach(i -> distinct.add(i.schemaJson()));
        if (distinct.size() == 1) {
            return Optional.of(Schema.fromJson(ok.get(0).schemaJson()));
        }
        return Optional.of(
                inferOnDriver(ok.stream().map(i -> tasks.get(i.index())).toList()));
    }

    private static Schema inferOnDriver(List<FileTask> files) {
        try (WorkDir dir = WorkDir.create("sluice-batch-schema-")) {
            List<Path> copies = new ArrayList<>();
            for (FileTask file : files) {
                ObjectLocation source = ObjectLocation.parse(file.uri());
                Path copy = dir.resolve(file.index() + "-" + source.fileName());
                file.fetch(copy);
                copies.add(copy);
            }
            return CsvConversion.builder().build().inferSchema(copies);
        }
    }
}
