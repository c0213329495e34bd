package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Reconciliation in embedded mode, over HTTP as an operator and a viewer would use it. */
class EmbeddedReconcileIT extends ApiTestApp {

    private static final Pattern RECONCILED =
            Pattern.compile("sluice_files_reconciled_total\\{[^}]*pipeline=\"default\"[^}]*} ([0-9.]+)");

    @Test
    void aFileDroppedIntoTheInputDirectoryIsCountedAsReconciled() throws Exception {
        double before = reconciled();
        String name = unique("dropped") + ".csv";
        Path input = HOME.resolve("input");
        Files.createDirectories(input);
        Path partial = Files.writeString(input.resolve("." + name + ".part"), "id\n1\n");
        Files.move(partial, input.resolve(name), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() -> reconciled() >= before + 1);
    }

    @Test
    void anOperatorSweepsNowAndAViewerMayOnlyLook() {
        String path = "/api/v1/pipelines/default/reconcile";
        Http viewer = anonymous().as(tokenFor(unique("viewer"), "VIEWER"));
        Http operator = anonymous().as(tokenFor(unique("operator"), "OPERATOR"));
        admin().upload("default", unique("recent") + ".csv", "id\n1\n".getBytes());

        Http.Answer refused = viewer.post(path);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(viewer.get(path).json().path("interval").asString()).isEqualTo("PT3H");

        Http.Answer swept = operator.post(path);
        assertThat(swept.status()).as(swept.toString()).isEqualTo(200);
        assertThat(swept.json().path("pipeline").asString()).isEqualTo("default");
        assertThat(swept.json().path("passComplete").asBoolean()).isTrue();
        assertThat(swept.json().path("listed").asInt()).isPositive();
        assertThat(swept.json().path("tooYoung").asInt())
                .as("files younger than the 15-minute grace are left to their upload or scan")
                .isPositive();
        assertThat(swept.json().path("recorded").asInt()).isZero();

        assertThat(viewer.get("/api/v1/pipelines/default")
                        .json()
                        .path("notificationsLookBroken")
                        .isBoolean())
                .isTrue();
        Http.Answer unknown = operator.post("/api/v1/pipelines/nope/reconcile");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asString()).contains("nope");
        String audit = admin().get("/api/v1/audit?limit=200").body();
        assertThat(audit).contains(path);
    }

    private double reconciled() {
        String text = admin().get("/actuator/prometheus").body();
        Matcher m = RECONCILED.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
