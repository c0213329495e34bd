package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Embedded mode: a file dropped into a pipeline's input directory arrives like an upload. Polling
 * rather than a WatchService, because it behaves the same on every file system; a file is taken
 * once it has not changed for the settle time, so half-copied files are left alone.
 *
 * <p>A file taken is moved to its arrival key in the hidden {@code .arrivals/} folder beside it, so
 * that a file dropped later under the same name is an arrival of its own, and a restart reads only
 * what is new. Links are never followed: a symbolic link is recorded as REFUSED with the reason.
 */
@Component
@Profile("!aws")
class InputDirectoryWatcher {

    private static final Logger log = LoggerFactory.getLogger(InputDirectoryWatcher.class);
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final Pipelines pipelines;
    private final LocalObjectStore store;
    private final FileIntake intake;
    private final Clock clock;
    /** Files that could not be taken (refused links, failures), with the modification time they had then. */
    private final Map<Path, Instant> seen = new ConcurrentHashMap<>();

    InputDirectoryWatcher(Pipelines pipelines, LocalObjectStore store, FileIntake intake, Clock clock) {
        this.pipelines = pipelines;
        this.store = store;
        this.intake = intake;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sluice.ingest.watch-interval:2s}")
    void scan() {
        for (Pipeline pipeline : pipelines.all()) {
            var input = pipeline.settings().input();
            Path directory = store.pathOf(new Location(input.bucket(), ""));
            if (Files.isDirectory(directory)) {
                scan(directory);
            }
        }
    }

    private void scan(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    // Hidden folders are Sluice's own (.arrivals, .tmp) or not meant for it.
                    return dir.equals(directory) || !hidden(dir)
                            ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!hidden(file)) {
                        offer(file, attributes);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    log.warn("Cannot read {} in the input directory: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot scan the input directory {}: {}", directory, e.getMessage());
        }
    }

    private void offer(Path file, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        if (modified.equals(seen.get(file)) || modified.isAfter(clock.instant().minus(SETTLE))) {
            return;
        }
        try {
            if (!attributes.isRegularFile()) {
                refuse(file, modified, attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file");
                return;
            }
            StoredObject object = store.takeArrival(file);
            seen.remove(file);
            record(object, file, modified);
        } catch (LocalObjectStore.NotARegularFileException e) {
            refuse(file, modified, "not a regular file (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            seen.put(file, modified);
            log.warn(
                    "Cannot take {} from the input directory; it is tried again once it changes: {}",
                    file,
                    e.toString());
        }
    }

    private void record(StoredObject object, Path dropped, Instant modified) throws IOException {
        try {
            intake.recordScanned(List.of(new FileArrived(
                    object.location().bucket(),
                    object.location().key(),
                    object.etag(),
                    object.etag(),
                    object.size(),
                    modified)));
        } catch (RuntimeException e) {
            store.putBack(object.location(), dropped);
            throw e;
        }
    }

    private void refuse(Path file, Instant modified, String what) {
        store.locationOf(file)
                .ifPresent(
                        location -> intake.recordRefused(
                                new FileArrived(
                                        location.bucket(),
                                        location.key(),
                                        "refused-" + modified.toEpochMilli(),
                                        "",
                                        0,
                                        modified),
                                "refused: " + location.key() + " is " + what
                                        + "; Sluice reads only regular files inside the input folder, never what a link points to"));
        seen.put(file, modified);
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
