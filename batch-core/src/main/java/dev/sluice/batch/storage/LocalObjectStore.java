package dev.sluice.batch.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files on local disk: the embedded executor's store, and the Glue job's outside AWS (tests,
 * benchmarks). Writes go to a hidden name and are moved into place, so that readers of a table
 * never see half a file.
 */
public final class LocalObjectStore implements ObjectStore {

    @Override
    public byte[] read(ObjectLocation location) {
        try {
            return Files.readAllBytes(path(location));
        } catch (NoSuchFileException e) {
            throw new ObjectUnavailableException(location + " does not exist", e);
        } catch (IOException e) {
            throw new ObjectUnavailableException(location + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(ObjectLocation location, Path target) {
        try {
            Files.copy(path(location), target);
        } catch (NoSuchFileException e) {
            throw new ObjectUnavailableException(location + " does not exist", e);
        } catch (IOException e) {
            throw new ObjectUnavailableException(location + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A local file has no versions: its size and MD5 (the ETag S3 gives a single-part upload) must match. */
    @Override
    public void download(ObjectLocation location, ObjectVersion version, Path target) {
        download(location, target);
        if (version.etag().isEmpty()) {
            return;
        }
        try {
            long size = Files.size(target);
            String md5 = md5(target);
            if (size != version.size() || !md5.equals(version.etag())) {
                Files.delete(target);
                throw new ObjectUnavailableException(
                        location + " holds other bytes than arrived (ETag " + version.etag() + ", " + version.size()
                                + " bytes expected; now ETag " + md5 + ", " + size
                                + " bytes): it was overwritten, and the new bytes are an arrival of their own",
                        null);
            }
        } catch (IOException e) {
            throw new ObjectUnavailableException(location + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A positioned read. Only the size is checked against the arrival: an MD5 would read the whole
     * file, which is what a ranged read avoids.
     */
    @Override
    public void downloadRange(ObjectLocation location, ObjectVersion version, long start, long end, Path target) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bytes [" + start + ", " + end + ") of " + location + " is no range");
        }
        try (FileChannel in = FileChannel.open(path(location), StandardOpenOption.READ)) {
            long size = in.size();
            if (version.size() > 0 && size != version.size()) {
                throw new ObjectUnavailableException(
                        location + " holds other bytes than arrived (" + version.size() + " bytes expected; now " + size
                                + " bytes): it was overwritten, and the new bytes are an arrival of their own",
                        null);
            }
            long from = Math.min(start, size);
            SparseFile.write(Channels.newInputStream(in.position(from)), Math.min(end, size) - from, target, start);
        } catch (NoSuchFileException e) {
            throw new ObjectUnavailableException(location + " does not exist", e);
        } catch (IOException e) {
            throw new ObjectUnavailableException(location + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String md5(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    @Override
    public void upload(Path source, ObjectLocation location) {
        try {
            place(path(location), temporary -> Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + location, e);
        }
    }

    @Override
    public void copy(ObjectLocation from, ObjectLocation to) {
        try {
            place(path(to), temporary -> Files.copy(path(from), temporary, StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    @Override
    public void put(ObjectLocation location, byte[] bytes, String contentType) {
        try {
            place(path(location), temporary -> Files.write(temporary, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + location, e);
        }
    }

    private interface Writer {
        void write(Path temporary) throws IOException;
    }

    private static void place(Path target, Writer writer) throws IOException {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            // the directory is what is wrong (a file in its way, no permission), not the object
            throw new UncheckedIOException("cannot write under " + target.getParent() + ": " + e, e);
        }
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".inprogress");
        try {
            writer.write(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public int deletePrefix(ObjectLocation prefix) {
        // a prefix is a directory plus the start of a file name, as in S3
        Path dir = prefix.key().endsWith("/") ? path(prefix) : path(prefix).getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> matching = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().startsWith(prefix.key()))
                    .toList();
            for (Path f : matching) {
                Files.delete(f);
            }
            return matching.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete under " + prefix, e);
        }
    }

    private static Path path(ObjectLocation location) {
        return Path.of(location.key());
    }
}
