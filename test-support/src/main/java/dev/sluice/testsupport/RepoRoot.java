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

    /** The public CSV test suites kept beside the repository, read-only. */
    public static Path corpora() {
        Path corpora = path().resolveSibling("shared").resolve("corpora");
        if (!Files.isDirectory(corpora)) {
            throw new IllegalStateException("the shared CSV corpora are missing: expected " + corpora);
        }
        return corpora;
    }
}
