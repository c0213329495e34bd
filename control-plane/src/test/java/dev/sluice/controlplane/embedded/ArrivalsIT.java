package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Embedded mode keeps every arrival: an upload or a dropped file never replaces another of the
 * same name, its rows keep the name the user gave it, links are refused, names are bounded, and
 * what Sluice writes is the owner's alone. A Sluice of its own, whose batches close at two files
 * (and wait long for the second), so that the two arrivals of a test are one run, as in a user's
 * batch window.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArrivalsIT {

    static final String TOKEN = "sluice-arrivals-bootstrap-token-0123456789";
    static final Path HOME = createHome();
    /** A file a crashed upload left, older than any process that runs this test. */
    static final Path STALE_TEMPORARY = HOME.resolve(".tmp/1234567890.part");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.home", HOME::toString);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.batch-interval", () -> "200ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.ingest.watch-interval", () -> "300ms");
        registry.add("sluice.pipelines.default.batch.max-files", () -> "2");
        registry.add("sluice.pipelines.default.batch.max-wait", () -> "60s");
    }

    @LocalServerPort
    int port;

    @Test
    void twoUploadsOfOneNameAreTwoFilesAndTwoSetsOfRows() throws Exception {
        Http.Answer first = admin().upload("default", "collide.csv", "label,n\nfirst-A,1\nfirst-A,2\n".getBytes());
        Http.Answer second = admin().upload("default", "collide.csv", "label,n\nsecond-B,3\n".getBytes());
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(first.json().path("duplicate").asBoolean()).isFalse();
        assertThat(second.json().path("duplicate").asBoolean()).isFalse();
        assertThat(first.json().path("key").asString()).isEqualTo("collide.csv");
        assertThat(second.json().path("etag").asString())
                .isNotEqualTo(first.json().path("etag").asString());

        List<JsonNode> files = processed("collide.csv", 2);
        assertThat(files)
                .as("where Sluice keeps the bytes is its own business")
                .allSatisfy(f -> assertThat(f.toString()).doesNotContain(".arrivals"));
        assertThat(files)
                .extracting(f -> f.path("runId").asLong())
                .as("one batch")
                .containsOnly(files.get(0).path("runId").asLong());
        List<Map<String, Object>> rows = rowsOf("/input/collide.csv");
        assertThat(rows)
                .extracting(r -> r.get("label").toString())
                .containsExactlyInAnyOrder("first-A", "first-A", "second-B");
        assertThat(rows)
                .extracting(r -> r.get("source_file").toString())
                .as("lineage is the user's name, not where Sluice keeps the bytes")
                .containsOnly(HOME.resolve("input/collide.csv").toUri().toString());
    }

    @Test
    void namesThatOnceCleanedToOneNameStayTwo() throws Exception {
        Http.Answer a = admin().upload("default", "ä.csv", "letter\nä\n".getBytes(StandardCharsets.UTF_8));
        Http.Answer o = admin().upload("default", "ö.csv", "letter\nö\n".getBytes(StandardCharsets.UTF_8));
        assertThat(a.json().path("key").asString()).isEqualTo("ä.csv");
        assertThat(o.json().path("key").asString()).isEqualTo("ö.csv");

        processed("ä.csv", 1);
        processed("ö.csv", 1);
        assertThat(rowsOf(HOME.resolve("input/ä.csv").toUri().toString()))
                .extracting(r -> r.get("letter"))
                .containsExactly("ä");
        assertThat(rowsOf(HOME.resolve("input/ö.csv").toUri().toString()))
                .extracting(r -> r.get("letter"))
                .containsExactly("ö");
    }

    @Test
    void aFileDroppedTwiceUnderOneNameIsTwoArrivalsAndLeavesTheInputDirectory() throws Exception {
        Path input = Files.createDirectories(HOME.resolve("input/drops"));
        Path dropped = input.resolve("twice.csv");
        drop(dropped, "version\none\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));
        drop(dropped, "version\ntwo\n");

        processed("drops/twice.csv", 2);
        assertThat(rowsOf("/input/drops/twice.csv"))
                .extracting(r -> r.get("version"))
                .containsExactlyInAnyOrder("one", "two");
        assertThat(dropped)
                .as("recorded files move out of input/: a restart reads only what is new")
                .doesNotExist();
    }

    @Test
    void aSymbolicLinkToAFileOutsideTheInputIsRefusedWithTheReason(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("outside.csv"), "user,password\nroot,hunter2\n");
        Path input = Files.createDirectories(HOME.resolve("input"));
        Path link = Files.createSymbolicLink(input.resolve("linked.csv"), secret);
        Files.setLastModifiedTime(link, FileTime.from(Instant.now().minusSeconds(60)));

        JsonNode file = await().atMost(Duration.ofSeconds(30))
                .until(() -> recorded("linked.csv"), f -> !f.isEmpty())
                .get(0);
        assertThat(file.path("status").asString()).isEqualTo("REFUSED");
        assertThat(file.path("errorMessage").asString()).contains("symbolic link");
        assertThat(file.path("runId").isNull()).isTrue();
        assertThat(Files.isSymbolicLink(link)).as("left where the user put it").isTrue();
        try (Stream<Path> all = Files.walk(HOME)) {
            for (Path f : all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.startsWith(HOME.resolve("db")))
                    .toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain("hunter2");
            }
        }
    }

    @Test
    void aNameLongerThanAFileSystemTakesIsRefusedNamingTheLimit() {
        Http.Answer tooLong = admin().upload("default", "x".repeat(252) + ".csv", "a\n1\n".getBytes());
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().path("detail").asString())
                .contains("256 bytes")
                .contains("at most 255");

        Http.Answer huge = admin().upload("default", "y".repeat(5_000) + ".csv", "a\n1\n".getBytes());
        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
        assertThat(huge.json().path("detail").asString()).contains("at most 255");

        // longer than the server reads of a part's headers: still a 400 naming the limit, not a 413
        Http.Answer beyond = admin().upload("default", "w".repeat(20_000) + ".csv", "a\n1\n".getBytes());
        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(400);
        assertThat(beyond.json().path("detail").asString()).contains("at most 255");

        // the longest name a file system takes is stored (empty: recorded, never batched)
        String longest = "z".repeat(251) + ".csv";
        Http.Answer taken = admin().upload("default", longest, new byte[0]);
        assertThat(taken.status()).as(taken.toString()).isEqualTo(202);
        assertThat(taken.json().path("key").asString()).isEqualTo(longest);
    }

    @Test
    void whatSluiceWritesIsTheOwnersAloneAndCrashLeftoversAreGone() throws Exception {
        assertThat(STALE_TEMPORARY).as("removed at start-up").doesNotExist();
        admin().upload("default", "private.csv", "id,amount\n1,2.5\n2,not a number but ok\n".getBytes());
        StringBuilder oneBadRow = new StringBuilder("id,amount\n");
        for (int i = 0; i < 50; i++) {
            oneBadRow.append(i).append(',').append(i).append('\n');
        }
        oneBadRow.append("50,3,4,5\n");
        admin().upload("default", "private-rejects.csv", oneBadRow.toString().getBytes());
        processed("private.csv", 1);
        processed("private-rejects.csv", 1);

        assertThat(permissions(HOME)).isEqualTo("rwx------");
        List<Path> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(HOME)) {
            all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(written::add);
        }
        assertThat(written)
                .as("the database, Parquet, rejects, reports, manifests and arrivals")
                .anyMatch(p -> p.toString().endsWith(".mv.db"))
                .anyMatch(p -> p.toString().endsWith(".parquet"))
                .anyMatch(p ->
                        p.startsWith(HOME.resolve("output")) && p.toString().endsWith(".csv"))
                .anyMatch(p -> p.startsWith(HOME.resolve(".arrivals")));
        assertThat(written)
                .allSatisfy(p -> assertThat(permissions(p)).as(p.toString()).isEqualTo("rw-------"));
    }

    private static void drop(Path file, String content) throws IOException {
        Path partial = Files.writeString(file.resolveSibling("." + file.getFileName() + ".part"), content);
        Files.move(partial, file);
    }

    private List<JsonNode> processed(String key, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> recorded(key),
                        files -> files.size() == count
                                && files.stream()
                                        .allMatch(f -> "PROCESSED"
                                                .equals(f.path("status").asString())));
    }

    private List<JsonNode> recorded(String key) {
        JsonNode items = admin().get("/api/v1/files?limit=500").json().path("items");
        return StreamSupport.stream(items.spliterator(), false)
                .filter(f -> f.path("key").asString().equals(key))
                .toList();
    }

    /** This test's rows: those whose source_file ends with {@code suffix}. */
    private static List<Map<String, Object>> rowsOf(String suffix) throws Exception {
        return Parquet.rows(HOME.resolve("output/uploads/*/*.parquet")).stream()
                .filter(r -> r.get("source_file").toString().endsWith(suffix))
                .toList();
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Http admin() {
        return Http.to(port).as(TOKEN);
    }

    private static Path createHome() {
        try {
            Path parent = TestDirs.temporary("sluice-arrivals-it");
            // as a user's shell makes it (umask 022), not as a temporary directory is made
            Path home = Files.createDirectory(
                    parent.resolve("home"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path stale = Files.createDirectories(home.resolve(".tmp")).resolve("1234567890.part");
            Files.writeString(stale, "half an upload");
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
