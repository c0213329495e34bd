package dev.sluice.processor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public CSV test suites. csv-spectrum (npm) and Commons CSV's CSVFileParser cases (its test
 * jar on Maven Central) are fetched by the build into {@code target/corpora} (system property
 * {@code sluice.corpora.dir}). FastCSV's conformance files are published nowhere: they are read
 * from {@code sluice.fastcsv-spec.dir} (the build's {@code -Dfastcsv-spec.dir}) when it is given, and
 * the tests that need them are skipped otherwise.
 */
public final class Corpora {

    private Corpora() {}

    /** A file or folder of the suites the build fetches, e.g. {@code csv-spectrum/csvs}. */
    public static Path resolve(String relative) {
        String property = System.getProperty("sluice.corpora.dir");
        if (property == null || !Files.isDirectory(Path.of(property, "csv-spectrum"))) {
            throw new IllegalStateException("the CSV test suites are missing"
                    + (property == null ? "" : " from " + property)
                    + ": the build fetches them (mvn generate-test-resources); run the tests through Maven");
        }
        return Path.of(property).resolve(relative);
    }

    /** A file or folder of FastCSV's conformance files; skips the calling test when they are absent. */
    public static Path fastCsvSpec(String relative) {
        String property = System.getProperty("sluice.fastcsv-spec.dir", "");
        assumeTrue(
                !property.isBlank(),
                "FastCSV's conformance files are published nowhere; give their folder with"
                        + " -Dfastcsv-spec.dir=...: these checks are skipped");
        Path dir = Path.of(property).toAbsolutePath().normalize();
        assumeTrue(
                Files.isDirectory(dir.resolve("spec")),
                "FastCSV's conformance files are not at " + dir
                        + " (-Dfastcsv-spec.dir=...): these checks are skipped");
        return dir.resolve(relative);
    }
}
