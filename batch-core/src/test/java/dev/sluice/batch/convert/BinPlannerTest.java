package dev.sluice.batch.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.manifest.RunManifest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinPlannerTest {

    @Test
    void smallFilesShareBinsUpToTheTargetAndALargeFileIsABinOfItsOwn() {
        // estimated Parquet: a third of a plain CSV, a compressed CSV as it is, plus the URI
        List<RunManifest.ManifestFile> files =
                files("a.csv:900", "b.csv:900", "big.csv:3000", "c.csv:900", "d.csv.gz:900");

        List<BinPlanner.Bin> bins = BinPlanner.plan(files, 1000);

        assertThat(bins)
                .containsExactly(
                        new BinPlanner.Bin(0, List.of(2)),
                        new BinPlanner.Bin(1, List.of(0, 1, 3)),
                        new BinPlanner.Bin(2, List.of(4)));
        assertThat(BinPlanner.plan(files, 1000)).isEqualTo(bins);
        assertThat(BinPlanner.estimatedParquetBytes(files.get(0))).isEqualTo(300 + "s3://in/a.csv".length());
    }

    @Test
    void aThousandSmallFilesMakeAHandfulOfBinsAndEveryFileIsInExactlyOne() {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            specs.add("f" + i + ".csv:" + (3000 + i));
        }

        List<BinPlanner.Bin> bins = BinPlanner.plan(files(specs.toArray(String[]::new)), 250_000);

        assertThat(bins).hasSize(5);
        assertThat(bins.stream().flatMap(b -> b.files().stream()))
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 1000).boxed().toList());
    }

    @Test
    void oneFileIsOneBin() {
        assertThat(BinPlanner.plan(files("a.csv:10"), 128L << 20)).containsExactly(new BinPlanner.Bin(0, List.of(0)));
        assertThat(BinPlanner.plan(List.of(), 100)).isEmpty();
    }

    private static List<RunManifest.ManifestFile> files(String... specs) {
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        for (String spec : specs) {
            String[] p = spec.split(":");
            files.add(new RunManifest.ManifestFile(
                    files.size() + 1, "s3://in/" + p[0], "in", p[0], Long.parseLong(p[1]), "", "", ""));
        }
        return files;
    }
}
