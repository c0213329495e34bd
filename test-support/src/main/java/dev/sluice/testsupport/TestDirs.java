package dev.sluice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory for state that outlives one test (a Spring context's home, a shared test
 * bed), where JUnit's {@code @TempDir} cannot reach. The test JVM holds a lock on a file beside it
 * ({@code <dir>.test-lock}) while it lives; the next test JVM that asks for a directory removes the
 * directories whose lock nobody holds. Not at exit: the application under test may still be
 * closing its files there (an embedded database) when shutdown hooks run.
 */
public final class TestDirs {

    private static final String LOCK_SUFFIX = ".test-lock";

    /** The locks of this JVM's directories, held until it ends. */
    private static final List<FileLock> HELD = new ArrayList<>();

    private static boolean swept;

    private TestDirs() {}

    public static synchronized Path temporary(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!swept) {
            sweep(tmp);
            swept = true;
        }
        try {
            Path dir = Files.createTempDirectory(tmp, prefix);
            FileChannel lock = FileChannel.open(
                    tmp.resolve(dir.getFileName() + LOCK_SUFFIX),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            HELD.add(lock.lock());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory in " + tmp, e);
        }
    }

    /** Removes the directories (and their lock files) of test JVMs that have ended. */
    private static void sweep(Path tmp) {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(tmp, "*" + LOCK_SUFFIX)) {
            for (Path lock : locks) {
                if (free(lock)) {
                    String name = lock.getFileName().toString();
                    try {
                        delete(tmp.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())));
                        Files.deleteIfExists(lock);
                    } catch (IOException | UncheckedIOException e) {
                        // what is left stays for the next sweep
                    }
                }
            }
        } catch (IOException e) {
            // no sweep this time
        }
    }

    private static boolean free(Path lock) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return false;
            }
            taken.release();
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
