package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Embedded mode: a file dropped into a pipeline's input directory arrives like an upload. Polling
 * rather than a WatchService, because it behaves the same on every file system; a file is taken
 * once it has not changed for the settle time, so half-copied files are left alone.
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
    /** Files already handed to intake, by path, with the modification time they had then. */
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
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(InputDirectoryWatcher::visible).forEach(this::offer);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot scan the input directory {}: {}", directory, e.getMessage());
        }
    }

    private void offer(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Instant modified = attributes.lastModifiedTime().toInstant();
            if (!attributes.isRegularFile()
                    || modified.equals(seen.get(file))
                    || modified.isAfter(clock.instant().minus(SETTLE))) {
                return;
            }
            store.locationOf(file).ifPresent(location -> {
                StoredObject object = store.describe(location);
                intake.recordScanned(List.of(new FileArrived(
                        location.bucket(), location.key(), object.etag(), object.etag(), object.size(), modified)));
            });
            seen.put(file, modified);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot take {} from the input directory; the next scan tries again: {}", file, e.toString());
        }
    }

    /** Hidden files are partial writes (ours end in {@code .part}) or not meant for Sluice. */
    private static boolean visible(Path path) {
        return !path.getFileName().toString().startsWith(".");
    }
}
