package dev.sluice.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the working directory of the test JVM. */
public final class RepoRoot {

    private RepoRoot() {}

    public static Path path() {
        String configured = System.getProperty("sluice.repo.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "mvnw"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the Sluice repository root above " + Path.of("").toAbsolutePath());
    }

    /**
     * The public CSV test suites the build fetches into the module's {@code target/corpora}
     * (system property {@code sluice.corpora.dir}, set by the module's pom).
     */
    public static Path corpora() {
        String configured = System.getProperty("sluice.corpora.dir");
        if (configured == null || !Files.isDirectory(Path.of(configured))) {
            throw new IllegalStateException("the CSV test suites are missing"
                    + (configured == null ? "" : " from " + configured)
                    + ": the build fetches them (mvn generate-test-resources); run the tests through Maven");
        }
        return Path.of(configured);
    }
}
