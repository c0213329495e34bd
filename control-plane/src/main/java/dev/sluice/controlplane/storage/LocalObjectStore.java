package dev.sluice.controlplane.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Buckets as directories under one root: {@code <root>/<bucket>/<key>}. Writes go to a hidden
 * temporary file that is moved into place, so a reader never sees half an object. The ETag is the
 * content's MD5, as S3 gives for single-part uploads.
 */
public final class LocalObjectStore implements ObjectStore {

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
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
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            MessageDigest md5 = md5();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), md5)) {
                content.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredObject(
                    location, Files.size(target), HexFormat.of().formatHex(md5.digest()), uri(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + location, e);
        }
    }

    /** Describes an object already on disk, computing its ETag from the content. */
    public StoredObject describe(Location location) {
        Path path = pathOf(location);
        try (InputStream in = Files.newInputStream(path)) {
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
