package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Embedded mode's care of {@code sluice.home}: the home is the owner's alone (its database holds
 * tokens' hashes and the audit, its output and rejects hold the data), and temporary files that a
 * crash left behind are removed at start-up.
 */
public final class LocalStoreHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(LocalStoreHousekeeping.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final LocalObjectStore store;
    private final boolean ownerOnly;
    /** Temporary files older than this process are no write of its own. */
    private final Instant started;

    public LocalStoreHousekeeping(LocalObjectStore store, boolean ownerOnly, Clock clock) throws IOException {
        this.store = store;
        this.ownerOnly = ownerOnly;
        this.started = clock.instant();
        Files.createDirectories(store.root());
        if (ownerOnly) {
            restrict(store.root(), OWNER_ONLY_FOLDER);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void afterStart() throws IOException {
        int removed = store.removeTemporaryFilesOlderThan(started);
        if (removed > 0) {
            log.info("Removed {} temporary file(s) that an earlier process left in {}", removed, store.root());
        }
        if (ownerOnly) {
            restrictDatabaseFiles(store.root().resolve("db"));
        }
    }

    /** The database's files, written before this bean could restrict the home, become owner-only too. */
    private static void restrictDatabaseFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        restrict(folder, OWNER_ONLY_FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                restrict(file, OWNER_ONLY_FILE);
            }
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null) { // not on Windows, where the user's profile folder is private already
            view.setPermissions(permissions);
        }
    }
}
