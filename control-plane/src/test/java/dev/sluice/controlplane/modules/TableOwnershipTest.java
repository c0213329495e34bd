package dev.sluice.controlplane.modules;

import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No feature reads or writes another feature's tables in SQL. Modulith sees type dependencies;
 * SQL hides in strings, so this scans the string literals (text blocks included) of every main
 * source file for table names after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE},
 * plus literals that are exactly a table name (the table argument of {@code PageQuery.select}).
 * It does not see table names assembled from pieces at run time; no code does that today.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/sluice/controlplane");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Each table and the feature (top-level package) that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("file_arrival", "ingest"),
            Map.entry("reconcile_state", "ingest"),
            Map.entry("pipeline_lock", "runs"),
            Map.entry("run", "runs"),
            Map.entry("run_attempt", "runs"),
            Map.entry("run_transition", "runs"),
            Map.entry("run_supersedes", "runs"),
            Map.entry("run_snapshot", "runs"),
            // Iceberg's JDBC catalog, which the embedded executor runs on the control plane's database
            Map.entry("iceberg_tables", "executor"),
            Map.entry("iceberg_namespace_properties", "executor"),
            Map.entry("deployment", "deploy"),
            Map.entry("deployment_change", "deploy"),
            Map.entry("deployment_event", "deploy"),
            Map.entry("deployment_claim", "deploy"),
            Map.entry("api_token", "security"),
            Map.entry("audit_event", "audit"),
            Map.entry("release_document", "releases"),
            Map.entry("release_jar_source", "releases"),
            Map.entry("release", "releases"),
            Map.entry("release_stage", "releases"));

    /**
     * Cross-feature reads that exist and are still to be replaced by the owner's API. The list may
     * only shrink: an entry that no longer occurs fails the test, so it is removed with the read.
     */
    static final Set<String> KNOWN = Set.of();

    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern TABLE_AFTER_KEYWORD =
            Pattern.compile("(?i)\\b(?:from|join|into|update)\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern CREATED_TABLE = Pattern.compile("(?i)create\\s+table\\s+([a-z_][a-z0-9_]*)");

    @Test
    void everyTableHasAnOwningFeature() {
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(createdTables());
    }

    @Test
    void noFeatureTouchesAnotherFeaturesTables() {
        Set<String> crossings = crossFeatureReferences();
        assertThat(crossings)
                .as("SQL on another feature's table: ask the owning feature's API instead")
                .isSubsetOf(KNOWN);
        assertThat(KNOWN).as("a known crossing is gone: remove it from KNOWN").isSubsetOf(crossings);
    }

    @Test
    void theScanFindsTheTablesThatFeaturesUse() {
        // Guards the guard: if the scan stopped finding SQL, the test above would pass vacuously.
        assertThat(tablesUsedBy("runs")).contains("run", "run_attempt", "run_transition", "pipeline_lock");
        assertThat(tablesUsedBy("deploy")).contains("deployment", "deployment_event");
        assertThat(tablesUsedBy("ingest")).contains("file_arrival");
    }

    private static Set<String> crossFeatureReferences() {
        Set<String> crossings = new TreeSet<>();
        forEachSource((file, feature) -> tablesIn(file).forEach(table -> {
            if (!OWNERS.get(table).equals(feature)) {
                crossings.add(SOURCES.relativize(file).toString().replace('\\', '/') + " -> " + table);
            }
        }));
        return crossings;
    }

    private static Set<String> tablesUsedBy(String feature) {
        Set<String> tables = new TreeSet<>();
        forEachSource((file, owner) -> {
            if (owner.equals(feature)) {
                tables.addAll(tablesIn(file));
            }
        });
        return tables;
    }

    private static Set<String> tablesIn(Path file) {
        Set<String> tables = new TreeSet<>();
        Matcher literal = LITERAL.matcher(read(file));
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            if (OWNERS.containsKey(text)) {
                tables.add(text);
            }
            Matcher reference = TABLE_AFTER_KEYWORD.matcher(text);
            while (reference.find()) {
                String name = reference.group(1).toLowerCase();
                if (OWNERS.containsKey(name)) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    private static Set<String> createdTables() {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(f -> f.toString().endsWith(".sql"))
                    .flatMap(f -> CREATED_TABLE
                            .matcher(read(f))
                            .results()
                            .map(m -> m.group(1).toLowerCase()))
                    .collect(toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface SourceVisitor {
        void visit(Path file, String feature);
    }

    private static void forEachSource(SourceVisitor visitor) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> SOURCES.relativize(f).getNameCount() > 1)
                    .forEach(f ->
                            visitor.visit(f, SOURCES.relativize(f).getName(0).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
