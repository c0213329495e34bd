package dev.sluice.batch.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A local directory for one task's copies, removed with all it holds when the task is done. */
final class WorkDir implements AutoCloseable {

    private final Path path;

    private WorkDir(Path path) {
        this.path = path;
    }

    static WorkDir create(String prefix) {
        try {
            return new WorkDir(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a local work directory", e);
        }
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + path, e);
        }
    }
}
