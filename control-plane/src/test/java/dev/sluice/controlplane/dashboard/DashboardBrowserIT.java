package dev.sluice.controlplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Browser;
import dev.sluice.controlplane.support.Http;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium, as people use it: an operator signs in, looks at the
 * pipelines, filters the runs, opens the failed one, retries it and watches it succeed; an
 * approver reviews the change list of a prod deployment someone else requested, approves it and
 * watches it apply (on the AWS emulator); an approver promotes a release to prod from the Releases
 * view. Screenshots of each step go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT extends ApiTestApp {

    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anApproverReviewsTheChangesOfAProdDeploymentAndApprovesIt() {
        String requester = unique("release");
        Http requesterApi = anonymous().as(tokenFor(requester, "OPERATOR", "APPROVER"));
        Http.Answer requested = requesterApi.postJson(
                "/api/v1/deployments", Map.of("environment", "prod", "stack", "infrastructure", "action", "apply"));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String id = requested.json().path("deployments").get(0).path("id").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> admin().get("/api/v1/deployments/" + id)
                                .json()
                                .path("deployment")
                                .path("status")
                                .asString(),
                        "AWAITING_APPROVAL"::equals);
        Http.Answer selfApproval = requesterApi.post("/api/v1/deployments/" + id + "/approve");
        assertThat(selfApproval.status()).as(selfApproval.toString()).isEqualTo(403);
        assertThat(selfApproval.json().path("detail").asString()).contains("token:" + requester);
        String approver = unique("lead");
        var driver = browser.driver;
        browser.signIn(port, tokenFor(approver, "APPROVER"), null);

        browser.click(By.cssSelector("#nav a[data-view=deployments]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-test=deployment-" + id + "]")));
        assertThat(driver.findElements(By.id("deploy-form")))
                .as("approvers do not start deployments")
                .isEmpty();
        browser.screenshot("06-deployments");
        browser.click(By.cssSelector("[data-test=deployment-" + id + "]"));

        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("approve")));
        assertThat(driver.findElement(By.cssSelector("h1 [data-test=status]")).getText())
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(browser.rowsOf("changes-body"))
                .as("the plan's change list")
                .isNotEmpty()
                .anySatisfy(row -> assertThat(row).contains("InputBucket"));
        assertThat(driver.findElement(By.cssSelector("[data-test=deployment-detail]"))
                        .getText())
                .contains("token:" + requester);
        browser.screenshot("07-deployment-awaiting-approval");

        browser.click(By.id("approve"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "approved"));
        browser.waitUpTo(Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.cssSelector("h1 [data-test=status]"), "SUCCEEDED"));
        assertThat(driver.findElement(By.cssSelector("[data-test=deployment-detail]"))
                        .getText())
                .contains("token:" + approver);
        assertThat(browser.rowsOf("events-body")).isNotEmpty();
        browser.screenshot("08-deployment-approved");
        JsonNode deployment = admin().get("/api/v1/deployments/" + id).json().path("deployment");
        assertThat(deployment.path("approvedBy").asString()).isEqualTo("token:" + approver);
        assertThat(deployment.path("request").path("requestedBy").asString()).isEqualTo("token:" + requester);

        browser.click(By.cssSelector("#nav a[data-view=environments]"));
        browser.waitUpTo(Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-test=environment-prod] [data-test=stack-infrastructure]"),
                        "CREATE_COMPLETE"));
        assertThat(driver.findElement(By.cssSelector("[data-test=environment-prod]"))
                        .getText())
                .contains("sluice-prod-infrastructure")
                .contains("APPROVAL");
        browser.screenshot("09-environments");

        // An ADMIN sees who did what: the request and the approval are in the audit log.
        browser.signIn(port, ADMIN_TOKEN, null);
        browser.click(By.cssSelector("#nav a[data-view=audit]"));
        List<String> audit = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            List<String> shown = browser.rowsOf("audit-body");
            return shown.stream().anyMatch(r -> r.contains("/api/v1/deployments/" + id + "/approve")) ? shown : null;
        });
        assertThat(audit)
                .anySatisfy(r -> assertThat(r)
                        .contains("token:" + approver)
                        .contains("POST /api/v1/deployments/" + id + "/approve")
                        .contains("SUCCEEDED"))
                .anySatisfy(r -> assertThat(r)
                        .contains("token:" + requester)
                        .contains("/api/v1/deployments/" + id + "/approve")
                        .contains("DENIED"));
        browser.screenshot("10-audit");
        browser.click(By.cssSelector("#nav a[data-view=tokens]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-test=tokens]"), approver));
        assertThat(driver.findElement(By.cssSelector("[data-test=tokens]")).getText())
                .doesNotContain(ADMIN_TOKEN)
                .contains("sluice_");
        browser.screenshot("11-tokens");
    }

    @Test
    void anOperatorFindsTheFailedRunRetriesItAndWatchesItSucceed() {
        String operator = tokenFor(unique("operator"), "OPERATOR");
        String fileName = unique("orders") + ".csv";
        long runId = runOf("flaky", fileName, "id,amount\n1,12.50\n2,7.25\n", "FAILED")
                .path("id")
                .asLong();
        var driver = browser.driver;

        browser.signIn(port, operator, "01-sign-in");

        WebElement flaky = browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=pipeline-flaky]")));
        assertThat(flaky.getText()).contains("failures (24 h)").contains("cannot write under");
        assertThat(driver.findElement(By.id("who-name")).getText()).startsWith("token:operator-");
        assertThat(driver.findElement(By.cssSelector("#nav a[data-view=tokens]"))
                        .isDisplayed())
                .as("operators do not manage tokens")
                .isFalse();
        browser.screenshot("02-pipelines");

        driver.findElement(By.cssSelector("#nav a[data-view=runs]")).click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-status")));
        new Select(driver.findElement(By.id("filter-status"))).selectByValue("FAILED");
        // Each filter re-renders the page: wait for the form that shows the first before using the second.
        browser.waitUpTo(Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> "FAILED"
                        .equals(new Select(d.findElement(By.id("filter-status")))
                                .getFirstSelectedOption()
                                .getAttribute("value")));
        browser.waitUpTo(Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    new Select(d.findElement(By.id("filter-pipeline"))).selectByValue("flaky");
                    return true;
                });
        // The table refreshes itself every few seconds: read it at one instant, in the page.
        List<String> rows = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            List<String> shown = browser.rowsOf("runs-body");
            boolean filtered = shown.stream().allMatch(r -> r.contains("flaky") && r.contains("FAILED"));
            return filtered && shown.stream().anyMatch(r -> r.startsWith("#" + runId + "\t")) ? shown : null;
        });
        assertThat(rows)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).contains("flaky").contains("FAILED"));
        assertThat(driver.getCurrentUrl()).contains("status=FAILED").contains("pipeline=flaky");
        browser.screenshot("03-runs-failed-flaky");

        browser.click(By.cssSelector("[data-test=run-" + runId + "]"));
        WebElement error = browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("run-error")));
        assertThat(error.getText()).contains("cannot write under");
        assertThat(driver.findElement(By.cssSelector("[data-test=run-files]")).getText())
                .contains(fileName);
        browser.screenshot("04-run-failed");

        unblockFlaky();
        browser.click(By.id("retry"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("notice"), "queued again as attempt 2"));
        browser.waitUpTo(Duration.ofSeconds(40))
                .until(ExpectedConditions.textToBe(By.cssSelector("h1 [data-test=status]"), "SUCCEEDED"));
        assertThat(driver.findElements(By.id("retry")))
                .as("a succeeded run offers no retry")
                .isEmpty();
        assertThat(driver.findElement(By.cssSelector("[data-test=run-attempts]"))
                        .getText())
                .contains("FAILED")
                .contains("SUCCEEDED");
        browser.screenshot("05-run-retried");
        browser.click(By.cssSelector("#nav a[data-view=files]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-test=files]"), fileName));
        assertThat(driver.findElements(By.id("upload-form")))
                .as("operators may upload")
                .hasSize(1);
        browser.screenshot("05b-files");
        assertThat(admin().get("/api/v1/runs/" + runId)
                        .json()
                        .path("run")
                        .path("rows")
                        .path("written")
                        .asLong())
                .isEqualTo(2);
    }

    /** Last: it updates prod's infrastructure stack, which the deployment test creates. */
    @Test
    @Order(Integer.MAX_VALUE)
    void anApproverPromotesAReleaseToProdFromTheReleasesView() throws Exception {
        // CI's build: an infrastructure template of its own (a new description), published to S3.
        String version = unique("infra");
        byte[] template = Files.readString(RepoRoot.path()
                        .resolve("deploy-templates/src/main/resources/sluice/templates/infrastructure.yaml"))
                .replaceFirst("Description: >-\n", "Description: >-\n  Build " + version + ".\n")
                .getBytes(StandardCharsets.UTF_8);
        AwsEmulator emulator = AwsEmulator.shared();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(AwsEmulator.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
                .build()) {
            s3.createBucket(r -> r.bucket("ci-" + version));
            s3.putObject(r -> r.bucket("ci-" + version).key("infrastructure.yaml"), RequestBody.fromBytes(template));
        }
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template));
        String commit = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Http ci = anonymous().as(tokenFor(unique("ci"), "RELEASER"));
        Http.Answer started = ci.postJson(
                "/api/v1/releases",
                Map.of(
                        "track",
                        "infrastructure",
                        "commit",
                        commit,
                        "version",
                        version,
                        "artifacts",
                        Map.of(
                                "template",
                                Map.of("uri", "s3://ci-" + version + "/infrastructure.yaml", "sha256", sha256))));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().path("id").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> prodStage(id).path("status").asString(), "AWAITING_APPROVAL"::equals);

        String approver = unique("lead");
        var driver = browser.driver;
        browser.signIn(port, tokenFor(approver, "APPROVER"), null);
        browser.click(By.cssSelector("#nav a[data-view=releases]"));
        By prodCell = By.cssSelector("[data-test=stage-" + id + "-prod]");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(prodCell));
        assertThat(driver.findElement(By.cssSelector("[data-test=stage-" + id + "-dev]"))
                        .getText())
                .contains("SUCCEEDED");
        assertThat(driver.findElement(prodCell).getText()).contains("AWAITING_APPROVAL");
        assertThat(driver.findElement(By.cssSelector("[data-test=track-infrastructure]"))
                        .getText())
                .contains(version, commit.substring(0, 7));
        browser.screenshot("20-release-awaiting-approval");

        browser.click(By.cssSelector("[data-test=approve-" + id + "-prod]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "approved for prod"));
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> {
            try {
                return d.findElement(prodCell).getText().contains("SUCCEEDED");
            } catch (org.openqa.selenium.NoSuchElementException | StaleElementReferenceException e) {
                return false;
            }
        });
        assertThat(driver.findElement(prodCell).getText()).contains("approved by token:" + approver);
        browser.screenshot("21-release-promoted");

        browser.click(By.cssSelector("[data-test=release-" + id + "] a"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=release-flow]")));
        assertThat(driver.findElement(By.cssSelector("[data-test=stage-prod]")).getText())
                .contains("SUCCEEDED", "approval gate", "token:" + approver);
        assertThat(browser.rowsOf("changes-prod-body")).isNotEmpty();
        browser.screenshot("22-release-detail");
        assertThat(prodStage(id).path("approvedBy").asString()).isEqualTo("token:" + approver);
    }

    private JsonNode prodStage(String releaseId) {
        for (JsonNode stage : admin().get("/api/v1/releases/" + releaseId)
                .json()
                .path("release")
                .path("stages")) {
            if (stage.path("environment").asString().equals("prod")) {
                return stage;
            }
        }
        throw new AssertionError("no prod stage in release " + releaseId);
    }
}
