package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Buckets as directories under one root: {@code <root>/<bucket>/<key>}. Writes go to a temporary
 * file in the bucket's {@code .tmp} folder that is moved into place, so a reader never sees half an
 * object. The ETag is the content's MD5, as S3 gives for single-part uploads.
 *
 * <p>A directory has no versions, so an arrival (an upload, a dropped file) is kept under a key
 * its content names: {@code <folder>.arrivals/<md5>/<name>}. Different bytes under one name never
 * replace each other, the same bytes under the same name are one object, and the user's file name
 * stays the last segment of the key.
 */
public final class LocalObjectStore implements ObjectStore {

    /** The folder, in each bucket and in each folder that takes arrivals, that Sluice owns. */
    public static final String ARRIVALS = ".arrivals/";

    private static final String TEMPORARY = ".tmp";

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path pathOf(Location location) {
        Path path = root.resolve(location.bucket()).resolve(location.key()).normalize();
        if (!path.startsWith(root.resolve(location.bucket()))) {
            throw new IllegalArgumentException("key escapes its bucket: " + location);
        }
        return path;
    }

    /** The location of a file under the root, or empty when the file lies elsewhere. */
    public Optional<Location> locationOf(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        if (relative.getNameCount() < 2 || relative.startsWith("..")) {
            return Optional.empty();
        }
        String key = relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/');
        return Optional.of(new Location(relative.getName(0).toString(), key));
    }

    @Override
    public StoredObject put(Location location, byte[] content) {
        return put(location, new java.io.ByteArrayInputStream(content));
    }

    @Override
    public StoredObject put(Location location, InputStream content) {
        Path target = pathOf(location);
        try {
            Spooled spooled = spool(location.bucket(), content);
            return moveIntoPlace(spooled, location, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + location, e);
        }
    }

    /**
     * Stores an upload as an arrival in {@code folder} (a key prefix, empty or ending in '/'):
     * under {@code <folder>.arrivals/<md5>/<name>}.
     */
    public StoredObject putArrival(String bucket, String folder, String name, InputStream content) {
        try {
            Spooled spooled = spool(bucket, content);
            Location location = new Location(bucket, arrivalKey(folder, spooled.md5(), name));
            return moveIntoPlace(spooled, location, pathOf(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + name + " in " + bucket + "/" + folder, e);
        }
    }

    /**
     * Takes a file dropped into a bucket's directory: moves it out of the way of the next file of
     * that name before reading it, then to its arrival key beside where it was dropped. A symbolic
     * link is never followed: it is refused, and so is anything that is not a regular file.
     */
    public StoredObject takeArrival(Path dropped) throws IOException {
        Location at = locationOf(dropped).orElseThrow(() -> new IOException(dropped + " is not in a bucket"));
        requireRegularFile(dropped);
        Path temporary = temporaryFile(at.bucket());
        Files.move(dropped, temporary, StandardCopyOption.ATOMIC_MOVE);
        try {
            requireRegularFile(temporary);
            Spooled spooled = describe(temporary);
            int slash = at.key().lastIndexOf('/');
            String folder = at.key().substring(0, slash + 1);
            Location location = new Location(
                    at.bucket(), arrivalKey(folder, spooled.md5(), at.key().substring(slash + 1)));
            return move(spooled, location, pathOf(location));
        } catch (IOException | RuntimeException e) {
            // Put back what could not be taken, so that nothing dropped is lost (unless a new file took its name).
            if (Files.notExists(dropped, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(temporary, dropped, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
    }

    /** Puts a file taken by {@link #takeArrival} back where it was dropped, when nothing took its name since. */
    public void putBack(Location taken, Path dropped) throws IOException {
        if (Files.notExists(dropped, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(pathOf(taken), dropped, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Deletes temporary files that no write of this process is using: left by a crash. */
    public int removeTemporaryFilesOlderThan(Instant cutoff) throws IOException {
        int removed = 0;
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> buckets = Files.list(root)) {
            for (Path bucket : buckets.filter(Files::isDirectory).toList()) {
                Path temporary = bucket.resolve(TEMPORARY);
                if (!Files.isDirectory(temporary, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(temporary)) {
                    for (Path file : files.toList()) {
                        if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                                .toInstant()
                                .isBefore(cutoff)) {
                            removed += Files.deleteIfExists(file) ? 1 : 0;
                        }
                    }
                }
            }
        }
        return removed;
    }

    static String arrivalKey(String folder, String md5, String name) {
        return folder + ARRIVALS + md5 + "/" + name;
    }

    private static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new NotARegularFileException(file + " is a symbolic link; Sluice reads only regular files");
        }
        if (!attributes.isRegularFile()) {
            throw new NotARegularFileException(file + " is not a regular file");
        }
    }

    private Spooled spool(String bucket, InputStream content) throws IOException {
        Path temporary = temporaryFile(bucket);
        MessageDigest md5 = md5();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), md5)) {
            size = content.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new Spooled(temporary, size, HexFormat.of().formatHex(md5.digest()));
    }

    private Path temporaryFile(String bucket) throws IOException {
        Path folder = Files.createDirectories(pathOf(new Location(bucket, TEMPORARY)));
        return Files.createTempFile(folder, "", ".part");
    }

    /** Moves a spooled file to its key; a spool that cannot be moved is deleted. */
    private StoredObject moveIntoPlace(Spooled spooled, Location location, Path target) throws IOException {
        try {
            return move(spooled, location, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spooled.file());
            throw e;
        }
    }

    private StoredObject move(Spooled spooled, Location location, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.move(spooled.file(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new StoredObject(location, spooled.size(), spooled.md5(), uri(location));
    }

    /** The stored object's size and MD5 (its ETag), read from disk. */
    public StoredObject describe(Location location) {
        try {
            Spooled spooled = describe(pathOf(location));
            return new StoredObject(location, spooled.size(), spooled.md5(), uri(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    private static Spooled describe(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md5 = md5();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                md5.update(buffer, 0, n);
            }
            return new Spooled(file, size, HexFormat.of().formatHex(md5.digest()));
        }
    }

    /** Content written to (or found in) a temporary file, with its size and MD5. */
    private record Spooled(Path file, long size, String md5) {}

    /** A file that Sluice will not read: a symbolic link, a directory, a device. */
    public static final class NotARegularFileException extends IOException {
        NotARegularFileException(String message) {
            super(message);
        }
    }

    @Override
    public Optional<byte[]> read(Location location) {
        try {
            return Optional.of(Files.readAllBytes(pathOf(location)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    @Override
    public Optional<Long> size(Location location) {
        try {
            return Optional.of(Files.size(pathOf(location)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    @Override
    public byte[] readRange(Location location, long offset, int length) {
        try (var channel = Files.newByteChannel(pathOf(location))) {
            channel.position(offset);
            var buffer = java.nio.ByteBuffer.allocate((int) Math.max(0, Math.min(length, channel.size() - offset)));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until the range is full or the file ends
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    @Override
    public void download(Location location, Path target) {
        try {
            Files.copy(pathOf(location), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + location + " to " + target, e);
        }
    }

    @Override
    public void upload(Path source, Location location) {
        try (InputStream in = Files.newInputStream(source)) {
            put(location, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + source + " as " + location, e);
        }
    }

    @Override
    public String uri(Location location) {
        return pathOf(location).toUri().toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
