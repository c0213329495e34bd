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
import java.nio.file.LinkOption;
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
 * <p>A file taken is recorded, then moved to the place its arrival is kept (outside the input
 * directory), so that a file dropped later under the same name is an arrival of its own and a
 * restart hashes only what is new. A crash between the two leaves the file where it was: the next
 * scan finds it recorded and moves it. Links are never followed: a file in the input directory
 * that is a symbolic link (to a file or a directory) or not a regular file is recorded as REFUSED
 * with the reason, and left where it is.
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
    /** Files left in the directory (refused, or no pipeline's), with the modification time they had then. */
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
            // without FOLLOW_LINKS: a link (to a file or a directory) is visited as itself
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
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
            Location location = store.locationOf(file).orElse(null);
            if (location == null
                    || pipelines.matching(location.bucket(), location.key()).isEmpty()) {
                seen.put(file, modified); // not Sluice's: left alone, and not read again
                return;
            }
            if (!attributes.isRegularFile()) {
                refuse(location, attributes, modified);
                seen.put(file, modified);
                return;
            }
            take(file, location, attributes);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot take {} from the input directory; the next scan tries again: {}", file, e.toString());
        }
    }

    /** Records the file, then moves it to where its arrival is kept. */
    private void take(Path file, Location location, BasicFileAttributes before) throws IOException {
        StoredObject object = store.describe(location);
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (after.size() != object.size()
                || !after.lastModifiedTime().equals(before.lastModifiedTime())
                || !after.isRegularFile()) {
            return; // written to while it was read: the next scan takes it once it has settled
        }
        Location arrival = LocalObjectStore.arrivalLocation(location.bucket(), location.key(), object.etag());
        intake.recordScanned(List.of(new FileArrived(
                location.bucket(),
                location.key(),
                object.etag(),
                object.size(),
                before.lastModifiedTime().toInstant(),
                arrival)));
        store.moveToArrival(location, arrival);
        seen.remove(file);
    }

    private void refuse(Location location, BasicFileAttributes attributes, Instant modified) {
        String reason = attributes.isSymbolicLink()
                ? "a symbolic link: Sluice reads only regular files in the input directory, never what a link"
                        + " points at; copy or move the file itself into the input directory"
                : "not a regular file: Sluice reads only regular files in the input directory";
        // the link's own modification time names this link once; a file put in its place is a new arrival
        String versionTag = "refused-" + modified.toEpochMilli();
        intake.recordRefused(
                new FileArrived(location.bucket(), location.key(), versionTag, "", 0, modified, "", location), reason);
    }

    /** Hidden files are partial writes or not meant for Sluice; hidden directories are not Sluice's either. */
    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
