package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Embedded mode's listing: the bucket's directory, in key order, the last key as the token. The
 * ETag is the content's MD5, computed only for the objects asked for by {@link #current}.
 */
@Component
@Profile("!aws")
class LocalInputListing implements InputListing {

    private final LocalObjectStore store;

    LocalInputListing(LocalObjectStore store) {
        this.store = store;
    }

    @Override
    public ListingPage page(String bucket, String prefix, Optional<String> token, int maxKeys) {
        Path root = store.pathOf(new Location(bucket, ""));
        if (!Files.isDirectory(root)) {
            return new ListingPage(List.of(), Optional.empty());
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<ListedObject> page = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .flatMap(f -> store.locationOf(f).stream().map(l -> listed(f, l)))
                    .filter(o -> o.key().startsWith(prefix))
                    .filter(o -> token.isEmpty() || o.key().compareTo(token.get()) > 0)
                    .sorted((a, b) -> a.key().compareTo(b.key()))
                    .limit(maxKeys + 1L)
                    .toList();
            if (page.size() <= maxKeys) {
                return new ListingPage(page, Optional.empty());
            }
            List<ListedObject> full = page.subList(0, maxKeys);
            return new ListingPage(full, Optional.of(full.get(maxKeys - 1).key()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static ListedObject listed(Path file, Location location) {
        try {
            return new ListedObject(
                    location.key(),
                    Files.size(file),
                    Files.getLastModifiedTime(file).toInstant(),
                    Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public Optional<FileArrived> current(String bucket, String key) {
        Location location = new Location(bucket, key);
        Path path = store.pathOf(location);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            StoredObject object = store.describe(location);
            // recorded where the input directory's scan will move it
            return Optional.of(new FileArrived(
                    bucket,
                    key,
                    object.etag(),
                    object.size(),
                    Files.getLastModifiedTime(path).toInstant(),
                    LocalObjectStore.arrivalLocation(bucket, key, object.etag())));
        } catch (IOException | UncheckedIOException gone) {
            return Optional.empty();
        }
    }
}
