package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Embedded mode's listing: what the bucket holds, in key order. That is the files in its directory
 * not yet taken (their ETag is computed only for the objects asked for by {@link #current}) and the
 * arrivals kept for it, whose ETag their place names. The token is the last entry's key and ETag,
 * since one key may have several arrivals.
 */
@Component
@Profile("!aws")
class LocalInputListing implements InputListing {

    private static final Comparator<ListedObject> ORDER = Comparator.comparing(LocalInputListing::position);

    private final LocalObjectStore store;

    LocalInputListing(LocalObjectStore store) {
        this.store = store;
    }

    @Override
    public ListingPage page(String bucket, String prefix, Optional<String> token, int maxKeys) {
        List<ListedObject> all = new ArrayList<>(dropped(bucket));
        all.addAll(arrivals(bucket));
        List<ListedObject> page = all.stream()
                .filter(o -> o.key().startsWith(prefix))
                .filter(o -> token.isEmpty() || position(o).compareTo(token.get()) > 0)
                .sorted(ORDER)
                .limit(maxKeys + 1L)
                .toList();
        if (page.size() <= maxKeys) {
            return new ListingPage(page, Optional.empty());
        }
        List<ListedObject> full = page.subList(0, maxKeys);
        return new ListingPage(full, Optional.of(position(full.get(maxKeys - 1))));
    }

    private static String position(ListedObject object) {
        return object.key() + "\n" + object.etag().orElse("");
    }

    /** Files in the bucket's directory; hidden ones are partial writes, links are never listed. */
    private List<ListedObject> dropped(String bucket) {
        Path root = store.pathOf(new Location(bucket, ""));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> visible(root.relativize(f)))
                    .flatMap(f -> store.locationOf(f).stream().map(l -> listed(f, l.key(), Optional.empty())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static boolean visible(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** The arrivals kept for the bucket: {@code <md5>/<key>} under its arrivals directory. */
    private List<ListedObject> arrivals(String bucket) {
        Path root = store.pathOf(LocalObjectStore.arrivalsOf(bucket));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> root.relativize(f))
                    .filter(relative -> relative.getNameCount() >= 2)
                    .map(relative -> listed(
                            root.resolve(relative),
                            relative.subpath(1, relative.getNameCount())
                                    .toString()
                                    .replace('\\', '/'),
                            Optional.of(relative.getName(0).toString())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static ListedObject listed(Path file, String key, Optional<String> etag) {
        try {
            return new ListedObject(
                    key, Files.size(file), Files.getLastModifiedTime(file).toInstant(), etag);
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
