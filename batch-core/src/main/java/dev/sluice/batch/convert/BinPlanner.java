package dev.sluice.batch.convert;

import dev.sluice.manifest.RunManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which files of a run share one Parquet file: files in manifest order, as many as fit the
 * pipeline's target file size by their estimated Parquet size. Planned from the manifest alone
 * (sizes and names, in manifest order), so that every attempt of a run plans the same bins and
 * writes the same names, whatever failed in an earlier one; a file that fails is left out of its
 * bin's file without moving any other. A file estimated at the target or more is a bin of its own,
 * written as it was converted.
 */
public final class BinPlanner {

    /**
     * Parquet with snappy keeps about a third of a plain CSV's bytes (the conversion benchmark: 120.9
     * MB of CSV, 36.9 MB of Parquet); a compressed CSV is already about as small as its Parquet.
     * Each file adds its URI, the {@code source_file} its rows carry, which a tiny file's CSV does
     * not hold and which outweighs its data.
     */
    static final int PLAIN_CSV_PER_PARQUET_BYTE = 3;

    private BinPlanner() {}

    /** Bin {@code index} holds the files at these places of the manifest, in order. */
    public record Bin(int index, List<Integer> files) {
        public Bin {
            files = List.copyOf(files);
        }
    }

    public static List<Bin> plan(List<RunManifest.ManifestFile> files, long targetFileSize) {
        List<Bin> bins = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        long openBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            long estimate = estimatedParquetBytes(files.get(i));
            if (estimate >= targetFileSize) {
                bins.add(new Bin(bins.size(), List.of(i)));
                continue;
            }
            if (!open.isEmpty() && openBytes + estimate > targetFileSize) {
                bins.add(new Bin(bins.size(), open));
                open = new ArrayList<>();
                openBytes = 0;
            }
            open.add(i);
            openBytes += estimate;
        }
        if (!open.isEmpty()) {
            bins.add(new Bin(bins.size(), open));
        }
        return bins;
    }

    static long estimatedParquetBytes(RunManifest.ManifestFile file) {
        String name = (file.key() == null || file.key().isEmpty() ? file.uri() : file.key()).toLowerCase(Locale.ROOT);
        boolean compressed = name.endsWith(".gz") || name.endsWith(".zst") || name.endsWith(".bz2");
        long data = compressed ? file.size() : file.size() / PLAIN_CSV_PER_PARQUET_BYTE;
        return data + file.uri().length();
    }
}
