package dev.sluice.batch.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Iceberg's files on the local disk, for the embedded control plane. Iceberg's own local FileIO is
 * HadoopFileIO, which would bring Hadoop's file systems into a process that has no other use for
 * them; {@link org.apache.iceberg.Files} already reads and writes local files, this only routes
 * {@code file:} URIs and plain paths to it.
 */
public final class LocalFileIO implements FileIO {

    @Override
    public InputFile newInputFile(String path) {
        return org.apache.iceberg.Files.localInput(local(path).toFile());
    }

    @Override
    public OutputFile newOutputFile(String path) {
        Path file = local(path);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + path, e);
        }
        return org.apache.iceberg.Files.localOutput(file.toFile());
    }

    @Override
    public void deleteFile(String path) {
        try {
            Files.deleteIfExists(local(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    static Path local(String path) {
        return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
    }
}
