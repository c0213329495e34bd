package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerPathsTest {

    private final ServerPaths paths = new ServerPaths("/srv/sluice");

    @Test
    void aPathUnderTheHomeIsShownRelativeToIt() {
        assertThat(paths.hide("run 4: cannot write under /srv/sluice/output/orders/ingest_date=2026-12-02"))
                .isEqualTo("run 4: cannot write under output/orders/ingest_date=2026-12-02");
    }

    @Test
    void anyOtherAbsolutePathKeepsOnlyItsLastElement() {
        assertThat(paths.hide("x.csv: /etc/passwd is not readable")).isEqualTo("x.csv: …/passwd is not readable");
    }

    @Test
    void urisAndRelativePathsAreLeftAlone() {
        String text = "read s3://input/2026/orders.csv and https://example.com/a/b into orders/part-1.parquet";
        assertThat(paths.hide(text)).isEqualTo(text);
        assertThat(paths.hide(null)).isNull();
    }

    @Test
    void theServersFileUrisAreShownRelativeToTheHome() {
        assertThat(paths.hideUri("file:///srv/sluice/output/_manifests/11-1.json"))
                .isEqualTo("file:output/_manifests/11-1.json");
        assertThat(paths.hideUri("s3://bucket/_manifests/11-1.json")).isEqualTo("s3://bucket/_manifests/11-1.json");
    }

    @Test
    void theServersFileUrisInsideAMessageAreShownRelativeToTheHome() {
        assertThat(paths.hide("file:///srv/sluice/input/x.csv: the zstd data is truncated; see file:/opt/x/y.csv"))
                .isEqualTo("file:input/x.csv: the zstd data is truncated; see file:…/y.csv");
    }
}
