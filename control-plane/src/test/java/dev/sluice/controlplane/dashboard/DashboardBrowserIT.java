package dev.sluice.controlplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Browser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium, as an operator uses it: sign in, look at the
 * pipelines, filter the runs, open the failed one, retry it and watch it succeed. Screenshots of
 * each step go to {@code target/screenshots}.
 */
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
    void anOperatorFindsTheFailedRunRetriesItAndWatchesItSucceed() {
        String operator = tokenFor(unique("operator"), "OPERATOR");
        String fileName = unique("orders") + ".csv";
        long runId = runOf("flaky", fileName, "id,amount\n1,12.50\n2,7.25\n", "FAILED")
                .path("id")
                .asLong();
        var driver = browser.driver;

        driver.get("http://127.0.0.1:" + port + "/");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        browser.screenshot("01-sign-in");
        driver.findElement(By.id("token")).sendKeys(operator);
        driver.findElement(By.id("sign-in")).click();

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
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("status=FAILED"));
        new Select(browser.waitUpTo(Duration.ofSeconds(10))
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-pipeline"))))
                .selectByValue("flaky");
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=run-" + runId + "]")));
        // The table refreshes itself every few seconds: read it at one instant, in the page.
        assertThat(browser.rowsOf("runs-body"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).contains("flaky").contains("FAILED"));
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
        assertThat(admin().get("/api/v1/runs/" + runId)
                        .json()
                        .path("run")
                        .path("rows")
                        .path("written")
                        .asLong())
                .isEqualTo(2);
    }
}
