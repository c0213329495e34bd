package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Embedded mode's care of {@code sluice.home}. The home is the owner's alone from the start (its
 * database holds token hashes and the audit, its output and rejects the user's rows), so nothing
 * under it is readable by others whatever the files' own modes; the database's files, which the
 * database writes itself, are made owner-only once it is open. Temporary files that a crash left
 * behind are removed at start-up; nothing else is walked, so start-up does not grow with history.
 */
public final class LocalStoreHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(LocalStoreHousekeeping.class);

    private final LocalObjectStore store;
    private final Path database;
    /** Temporary files older than this process are no write of its own. */
    private final Instant started;

    /** @param database the embedded database's directory, restricted once the database has created its files */
    public LocalStoreHousekeeping(LocalObjectStore store, Path database, Clock clock) throws IOException {
        this.store = store;
        this.database = database;
        this.started = clock.instant();
        Files.createDirectories(store.root());
        store.restrict(store.root());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void afterStart() throws IOException {
        int removed = store.removeTemporaryFilesOlderThan(started);
        if (removed > 0) {
            log.info("Removed {} temporary file(s) that an earlier process left in {}", removed, store.root());
        }
        restrictDatabaseFiles();
    }

    private void restrictDatabaseFiles() throws IOException {
        if (!Files.isDirectory(database, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        store.restrict(database);
        try (Stream<Path> files = Files.list(database)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                store.restrict(file);
            }
        }
    }
}
