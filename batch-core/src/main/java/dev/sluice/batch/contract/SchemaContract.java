package dev.sluice.batch.contract;

import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.batch.convert.FileOutcome;
import dev.sluice.manifest.TableOutput.SchemaMode;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline's schema mode lets into its table, decided per file after each file was converted
 * with its own schema and before anything is written to the table:
 *
 * <ul>
 *   <li>{@code evolve}: every file goes on; the batch's schema is planned as a whole (new columns
 *       added, narrower values written as the table's wider type, a conflict fails the run);
 *   <li>{@code freeze}: a file that conflicts with the table, that is one the table cannot take
 *       without a change (a column it lacks, a type its column does not hold), fails the run,
 *       naming each such file and column with the table's type and the file's;
 *   <li>{@code quarantine}: such a file is set aside with that reason, the others go on; once
 *       the change is wanted, the file is reprocessed under {@code evolve}.
 * </ul>
 *
 * <p>A file with fewer columns fits (its rows have nulls there), and so does a narrower type the
 * table's column holds unchanged (INT values in a {@code bigint}, written as bigint), by the
 * catalog's own plan. When the table does not exist yet, files are judged in manifest order (the
 * order they were recorded): the first that converted creates the table, and a later one fits when
 * it brings no column beyond the first's and each of its types is held by the first's or of the same
 * kind (numbers, or dates and timestamps), which the batch's schema widens to hold both as in any
 * batch; a file with a date where the first has numbers is the one refused, whatever the others.
 */
public final class SchemaContract {

    /** How many files a refusal of the whole batch names. */
    static final int NAMED_FILES = 3;

    private final SchemaMode mode;
    private final TableCatalog catalog;
    private final String table;

    private SchemaContract(SchemaMode mode, TableCatalog catalog, String table) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** @param table the table's qualified name, for the messages */
    public static SchemaContract of(SchemaMode mode, TableCatalog catalog, String table) {
        return new SchemaContract(mode, catalog, table);
    }

    /**
     * Which of the staged files go on into the table.
     *
     * @throws FrozenSchemaException in freeze mode, when any file would change the table; nothing
     *     has been written then
     * @throws dev.sluice.batch.catalog.IncompatibleSchemaException when the table itself cannot take
     *     Sluice's files (its partitioning), in every mode
     */
    public Verdict check(List<FileOutcome> staged) {
        if (mode == SchemaMode.EVOLVE) {
            return new Verdict(staged, List.of());
        }
        FileJudge judge = new FileJudge(catalog, table);
        List<FileOutcome> admitted = new ArrayList<>();
        List<FileOutcome> setAside = new ArrayList<>();
        List<String> frozen = new ArrayList<>();
        List<IncompatibleSchemaException.Conflict> conflicts = new ArrayList<>();
        for (FileOutcome file : inManifestOrder(staged)) {
            if (!file.ok()) {
                admitted.add(file); // a failed file goes on as it is: reported with its own error
                continue;
            }
            List<Refusal> refusals = judge.judge(file);
            if (refusals.isEmpty()) {
                admitted.add(file);
            } else if (mode == SchemaMode.FREEZE) {
                frozen.add(file.uri() + ": " + Refusal.join(refusals));
                refusals.forEach(r -> conflicts.add(
                        new IncompatibleSchemaException.Conflict(r.column(), r.tableType(), r.fileType())));
            } else {
                setAside.add(
                        file.setAside(file.uri() + ": set aside (schema mode quarantine): " + Refusal.join(refusals)));
            }
        }
        if (!frozen.isEmpty()) {
            throw new FrozenSchemaException(table, frozen, conflicts);
        }
        return new Verdict(admitted, setAside);
    }

    /**
     * The catalog's plan of the batch's schema. When the table refuses it (evolve's conflict, or
     * files admitted one by one whose merged type it cannot hold), the refusal also names the files
     * whose own type of the column the table's does not hold, the first {@value #NAMED_FILES} of them.
     */
    public TablePlan plan(Schema batch, List<FileOutcome> files) {
        try {
            return catalog.plan(batch);
        } catch (IncompatibleSchemaException e) {
            List<String> named = new ArrayList<>();
            for (IncompatibleSchemaException.Conflict conflict : e.conflicts()) {
                for (FileOutcome file : inManifestOrder(files)) {
                    if (!file.ok()) {
                        continue;
                    }
                    Schema.fromJson(file.schemaJson()).columns().stream()
                            .filter(c -> c.name().equals(conflict.column()))
                            .filter(c -> !FileJudge.holds(table, conflict.tableType(), c))
                            .forEach(c -> named.add(file.uri() + " has '" + c.name() + "' as "
                                    + c.type().athenaType()));
                }
            }
            if (named.isEmpty()) {
                throw e;
            }
            int more = named.size() - NAMED_FILES;
            throw e.withDetail(String.join("; ", named.subList(0, Math.min(NAMED_FILES, named.size())))
                    + (more > 0 ? "; and " + more + " more" : ""));
        }
    }

    private static List<FileOutcome> inManifestOrder(List<FileOutcome> staged) {
        return staged.stream()
                .sorted(Comparator.comparingInt(FileOutcome::index))
                .toList();
    }

    /**
     * @param admitted the files that go on (those that failed on their own among them), in manifest
     *     order
     * @param setAside the quarantined files, each failed with its reason
     */
    public record Verdict(List<FileOutcome> admitted, List<FileOutcome> setAside) {
        public Verdict {
            admitted = List.copyOf(admitted);
            setAside = List.copyOf(setAside);
        }
    }
}
