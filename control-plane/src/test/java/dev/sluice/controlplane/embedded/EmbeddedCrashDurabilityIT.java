package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A 2xx answer in embedded mode means the change is on disk: the packaged service on its embedded
 * database (H2) is killed with SIGKILL right after the answers, started again on the same home,
 * and every acknowledged change is there. H2's default write delay lost the last half second.
 */
class EmbeddedCrashDurabilityIT {

    static final String TOKEN = "sluice-durability-bootstrap-token-0123456789";
    static final int UPLOADS = 30;

    @TempDir
    Path home;

    Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void whatWasAcknowledgedBeforeSigkillIsThereAfterRestart() throws Exception {
        Http admin = start();
        Http.Answer created = admin.postJson("/api/v1/tokens", Map.of("name", "doomed", "roles", List.of("VIEWER")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().path("secret").asString();
        long id = created.json().path("token").path("id").asLong();
        assertThat(admin.as(secret).get("/api/v1/me").status()).isEqualTo(200);

        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            String name = "acknowledged-" + i + ".csv";
            Http.Answer uploaded = admin.upload("default", name, ("id,n\n" + i + ",1\n").getBytes());
            assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
            acknowledged.add(name);
        }
        Http.Answer revoked = admin.delete("/api/v1/tokens/" + id);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        server.destroyForcibly().waitFor(); // SIGKILL, at once after the last answer

        Http again = start();
        assertThat(again.as(secret).get("/api/v1/me").status())
                .as("the revoked token stays revoked")
                .isEqualTo(401);
        JsonNode items = again.get("/api/v1/files?limit=500").json().path("items");
        List<String> recorded = StreamSupport.stream(items.spliterator(), false)
                .map(f -> f.path("key").asString())
                .toList();
        assertThat(recorded).as("every upload answered 202").containsAll(acknowledged);
    }

    /** Starts the packaged jar on the home, and waits until it answers; the bootstrap ADMIN's client. */
    private Http start() throws IOException {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice-control-plane.jar"));
        assertThat(jar).as("the packaged control plane (run `./mvnw package`)").exists();
        int port = freePort();
        server = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--sluice.home=" + home,
                        "--sluice.security.bootstrap-token=" + TOKEN,
                        "--sluice.pipelines.default.batch.max-wait=1s"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("server.log").toFile()))
                .start();
        Http anonymous = Http.to(port);
        // a generous deadline: start-up takes 10 s alone, and minutes on a machine shared by builds
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .failFast("the control plane exited; see " + home.resolve("server.log"), () -> !server.isAlive())
                .until(() -> anonymous.get("/actuator/health").body(), body -> body.contains("UP"));
        return anonymous.as(TOKEN);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
