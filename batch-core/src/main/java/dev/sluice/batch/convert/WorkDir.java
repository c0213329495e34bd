package dev.sluice.batch.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local directory for one task's copies, removed with all it holds when the task is done.
 *
 * <p>A process killed mid-task cannot remove its copies. So every work directory of a process lies
 * under one parent of its own in the system's temporary directory ({@code sluice-work-*}), which
 * the process holds a lock on while it lives and removes when it ends; the first work directory a
 * process makes removes the parents whose lock nobody holds any more: those of processes killed
 * before they could clean up.
 */
final class WorkDir implements AutoCloseable {

    static final String PARENT_PREFIX = "sluice-work-";
    private static final String LOCK = ".lock";
    private static final Logger log = LoggerFactory.getLogger(WorkDir.class);

    private final Path path;

    private WorkDir(Path path) {
        this.path = path;
    }

    static WorkDir create(String prefix) {
        try {
            return new WorkDir(Files.createTempDirectory(Parent.PATH, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a local work directory", e);
        }
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try {
            delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + path, e);
        }
    }

    /**
     * Removes the work directories under {@code tmp} that belong to no living process; returns how
     * many. A directory whose lock is held (its process lives) or cannot be taken stays.
     */
    static int sweep(Path tmp) {
        int removed = 0;
        try (DirectoryStream<Path> parents = Files.newDirectoryStream(tmp, PARENT_PREFIX + "*")) {
            for (Path parent : parents) {
                if (Files.isDirectory(parent) && abandoned(parent)) {
                    try {
                        delete(parent);
                        removed++;
                    } catch (IOException e) {
                        log.warn("Cannot remove the work directory {} of an ended process: {}", parent, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Cannot look for work directories of ended processes in {}: {}", tmp, e.toString());
        }
        return removed;
    }

    private static boolean abandoned(Path parent) {
        try (FileChannel lock = FileChannel.open(parent.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock taken = lock.tryLock();
            if (taken == null) {
                return false;
            }
            taken.release();
            return true;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            // no lock file yet (a process still making it), or held in this process: not abandoned
            return false;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** This process's parent of its work directories, made (and the ended ones swept) on first use. */
    private static final class Parent {
        static final Path PATH = create();

        /** Held, with its channel, for as long as the process lives. */
        @SuppressWarnings("unused")
        private static FileLock held;

        private static Path create() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            int swept = sweep(tmp);
            if (swept > 0) {
                log.info("Removed the work directories of {} ended processes from {}", swept, tmp);
            }
            try {
                // locked before it gets the name a sweep looks for: no sweep finds it unlocked
                Path made = Files.createTempDirectory(tmp, "sluice-new-work-");
                FileChannel channel =
                        FileChannel.open(made.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                held = channel.lock();
                String suffix = made.getFileName().toString().substring("sluice-new-work-".length());
                Path parent = Files.move(made, tmp.resolve(PARENT_PREFIX + suffix), StandardCopyOption.ATOMIC_MOVE);
                // a process that ends normally leaves nothing; a killed one leaves it to the sweep
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        delete(parent);
                                    } catch (IOException | UncheckedIOException e) {
                                        // the next process's sweep removes it
                                    }
                                },
                                "sluice-work-cleanup"));
                return parent;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a local work directory in " + tmp, e);
            }
        }
    }
}
