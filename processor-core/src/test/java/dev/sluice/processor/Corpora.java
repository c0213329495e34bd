package dev.sluice.processor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public CSV test suites in {@code shared/corpora} beside the repository: from the system
 * property {@code sluice.corpora.dir} (set by the build), else found by walking up from the
 * working directory.
 */
public final class Corpora {

    private Corpora() {}

    public static Path dir() {
        String property = System.getProperty("sluice.corpora.dir");
        if (property != null && Files.isDirectory(Path.of(property, "csv-spectrum"))) {
            return Path.of(property).normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p.resolve("shared/corpora"), p.resolve("../shared/corpora")}) {
                if (Files.isDirectory(candidate.resolve("csv-spectrum"))) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("the CSV test suites are missing: expected shared/corpora/csv-spectrum beside"
                + " the repository (or -Dsluice.corpora.dir=...), looked from "
                + Path.of("").toAbsolutePath()
                + (property == null ? "" : " and in " + property));
    }

    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
