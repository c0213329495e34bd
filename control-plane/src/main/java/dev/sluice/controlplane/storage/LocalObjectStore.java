package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Buckets as directories under one root: {@code <root>/<bucket>/<key>}. Writes go to a temporary
 * file in {@code <root>/.tmp} that is moved into place, so a reader never sees half an object and
 * a crash leaves nothing beside the objects. The ETag is the content's MD5, as S3 gives for
 * single-part uploads.
 *
 * <p>A directory has one object per key, so an arrival (an upload, a file dropped into an input
 * directory) is kept apart from its key, under {@link #arrivalLocation}: two arrivals under one
 * name never replace each other. The key stays the file's name for everything the user sees.
 *
 * <p>Owner-only by default: what is stored here is the user's data, so directories are made 0700
 * and files 0600, whatever the process's umask.
 */
public final class LocalObjectStore implements ObjectStore {

    /** The directory under the root that holds arrivals; no S3 bucket name starts with a dot. */
    static final String ARRIVALS = ".arrivals";
    /** Temporary files of writes under way; whatever is left here by a crash is garbage. */
    static final String TEMPORARY = ".tmp";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;
    private final boolean ownerOnly;

    public LocalObjectStore(Path root) {
        this(root, true);
    }

    /** @param ownerOnly whether what the store writes is the owner's alone (0700 directories, 0600 files) */
    public LocalObjectStore(Path root, boolean ownerOnly) {
        this.root = root.toAbsolutePath().normalize();
        this.ownerOnly = ownerOnly;
    }

    public Path root() {
        return root;
    }

    /** Whether files written under the root are to be the owner's alone. */
    public boolean ownerOnly() {
        return ownerOnly;
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
            Spooled spooled = spool(content);
            moveIntoPlace(spooled.file(), target);
            return new StoredObject(location, spooled.size(), spooled.md5(), uri(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + location, e);
        }
    }

    /**
     * Stores an upload as an arrival of {@code key}: under {@link #arrivalLocation}, never over
     * another arrival. The object answered is where the bytes are; its ETag is their MD5.
     */
    public StoredObject putArrival(String bucket, String key, InputStream content) {
        try {
            Spooled spooled = spool(content);
            Location location = arrivalLocation(bucket, key, spooled.md5());
            moveIntoPlace(spooled.file(), pathOf(location));
            return new StoredObject(location, spooled.size(), spooled.md5(), uri(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + bucket + "/" + key, e);
        }
    }

    /**
     * Moves a file dropped at {@code key} to where its arrival is kept, once it is recorded: the
     * input directory then holds only what is new, and the next file of that name is an arrival
     * of its own. Never follows a link.
     */
    public void moveToArrival(Location dropped, Location arrival) throws IOException {
        Path from = pathOf(dropped);
        if (Files.isSymbolicLink(from)) {
            throw new IOException(from + " is a symbolic link");
        }
        moveIntoPlace(from, pathOf(arrival));
    }

    /**
     * Where an arrival of {@code bucket}/{@code key} with this MD5 is kept: {@code
     * .arrivals/<bucket>/<md5>/<key>}. One place per arrival (an arrival is a key and its bytes),
     * with the user's file name as the file's name.
     */
    public static Location arrivalLocation(String bucket, String key, String md5) {
        return new Location(ARRIVALS, bucket + "/" + md5 + "/" + key);
    }

    /** Where the arrivals of a bucket are kept, as a key prefix. */
    public static Location arrivalsOf(String bucket) {
        return new Location(ARRIVALS, bucket + "/");
    }

    /** The file a {@code file:} URI of this store names; refuses URIs outside the root. */
    public Path pathOf(String fileUri) {
        Path path = Path.of(URI.create(fileUri)).toAbsolutePath().normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException(fileUri + " is not under " + root);
        }
        return path;
    }

    /**
     * Describes a regular file of the store, computing its ETag from the content. Links are not
     * followed: an object is the file itself, never what a link points at.
     */
    public StoredObject describe(Location location) {
        Path path = pathOf(location);
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md5 = md5();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                md5.update(buffer, 0, n);
            }
            return new StoredObject(location, size, HexFormat.of().formatHex(md5.digest()), uri(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    /** Makes a file or directory written outside this store (the database, a job's output) the owner's alone. */
    public void restrict(Path path) throws IOException {
        if (!ownerOnly || !POSIX) {
            return; // Windows: the user's profile folder is private already
        }
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null && !Files.isSymbolicLink(path)) {
            view.setPermissions(Files.isDirectory(path) ? OWNER_ONLY_DIRECTORY : OWNER_ONLY_FILE);
        }
    }

    /** Deletes the temporary files of writes older than {@code cutoff}: a crash left them. */
    public int removeTemporaryFilesOlderThan(Instant cutoff) throws IOException {
        Path temporary = root.resolve(TEMPORARY);
        if (!Files.isDirectory(temporary, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(temporary)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                        .toInstant()
                        .isBefore(cutoff)) {
                    removed += Files.deleteIfExists(file) ? 1 : 0;
                }
            }
        }
        return removed;
    }

    private Spooled spool(InputStream content) throws IOException {
        Path folder = createDirectories(root.resolve(TEMPORARY));
        Path temporary = ownerOnly && POSIX
                ? Files.createTempFile(folder, "", ".part", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(folder, "", ".part");
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

    /** Moves a complete file to its key, atomically; a temporary file that cannot be moved is deleted. */
    private void moveIntoPlace(Path file, Path target) throws IOException {
        try {
            createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException otherDisk) {
                // a bucket directory on another file system: copy beside the target, then rename there
                Path beside = Files.createTempFile(target.getParent(), ".", ".part");
                Files.copy(file, beside, StandardCopyOption.REPLACE_EXISTING);
                Files.move(beside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(file);
            }
            restrict(target);
        } catch (IOException | RuntimeException e) {
            if (file.startsWith(root.resolve(TEMPORARY))) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /** Creates missing directories, each owner-only when the store is. */
    private Path createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        if (!ownerOnly || !POSIX || !directory.startsWith(root)) {
            return Files.createDirectories(directory);
        }
        Path parent = directory.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        FileAttribute<Set<PosixFilePermission>> ownerOnlyDirectory =
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY);
        try {
            Files.createDirectory(directory, ownerOnlyDirectory);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another write created it first
        }
        return directory;
    }

    /** Content written to a temporary file, with its size and MD5. */
    private record Spooled(Path file, long size, String md5) {}

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
