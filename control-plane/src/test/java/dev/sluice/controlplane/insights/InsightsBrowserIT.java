package dev.sluice.controlplane.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Browser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's charts and live refresh in headless Chromium, with data from real runs: the
 * charts are checked by reading back what they drew (bars and points with their values) against
 * the series the API served. Screenshots go to {@code target/screenshots}.
 */
class InsightsBrowserIT extends ApiTestApp {

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
    void thePipelineOverviewDrawsTheSeriesOfRealRunsBarByBar() {
        // decimal amounts, as the shared test table has them: an int column there would be refused
        runOf("default", unique("chart") + ".csv", "id,amount\n1,2.5\n2,3.5\n", "SUCCEEDED");
        failedRun();
        browser.signIn(port, tokenFor(unique("viewer"), "VIEWER"), null);
        var driver = browser.driver;
        driver.manage().window().setSize(new Dimension(1280, 800));

        By spark = By.cssSelector("[data-test=pipeline-default] [data-test=spark-runs]");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(spark));
        String[] sparkValues =
                driver.findElement(spark).getAttribute("data-values").split(",");
        assertThat(sparkValues).hasSize(24);
        assertThat(sum(sparkValues)).isGreaterThanOrEqualTo(1);
        browser.screenshot("30-pipelines-sparklines");

        driver.get("http://127.0.0.1:" + port + "/#/pipelines/broken?window=1h");
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=chart-runs] rect.bar")));
        JsonNode served = admin().get("/api/v1/insights/series?window=1h&pipeline=broken")
                .json()
                .path("pipelines")
                .get(0);
        // Read the charts and the API within one refresh interval (5 s); runs of other tests do not touch broken's
        // history.
        assertThat(bars("chart-files", "files")).hasSize(12).isEqualTo(longs(served.path("filesReceived")));
        assertThat(bars("chart-runs", "FAILED"))
                .hasSize(12)
                .isEqualTo(longs(served.path("runsByStatus").path("FAILED")));
        assertThat(bars("chart-rows", "written")).hasSize(12);
        List<Double> p50 = points("chart-duration", "p50");
        List<Double> expected = new ArrayList<>();
        served.path("durationP50Seconds").forEach(v -> {
            if (!v.isNull()) {
                expected.add(v.asDouble());
            }
        });
        assertThat(p50)
                .as("one point per bucket with a finished run")
                .isEqualTo(expected)
                .isNotEmpty();
        assertThat(driver.findElement(By.cssSelector("[data-test=chart-cost]")).getText())
                .contains("No Glue charges");
        browser.screenshot("31-pipeline-overview-1h");

        browser.click(By.cssSelector("[data-test=window-7d]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(d -> bars("chart-files", "files").size() == 28);
        assertThat(driver.getCurrentUrl()).contains("window=7d");
        driver.manage().window().setSize(new Dimension(390, 844));
        browser.screenshot("32-pipeline-overview-7d-phone");
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void aStaleBadgeAppearsWhileRefreshesFailWithAFetchThatFailsOnPurpose() {
        // The server cannot be made to stop answering for one browser only: the page's fetch is made to fail instead.
        browser.signIn(port, tokenFor(unique("viewer"), "VIEWER"), null);
        var driver = browser.driver;
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=pipeline-default]")));
        assertThat(driver.findElement(By.id("stale")).isDisplayed()).isFalse();
        driver.executeScript("window.realFetch = window.fetch;"
                + " window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));");
        browser.waitUpTo(Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("stale"), "stale since"));
        assertThat(driver.findElement(By.cssSelector("[data-test=pipeline-default]"))
                        .isDisplayed())
                .as("the page keeps showing the last answer")
                .isTrue();
        browser.screenshot("33-stale");
        driver.executeScript("window.fetch = window.realFetch;");
        browser.waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.invisibilityOfElementLocated(By.id("stale")));
    }

    @Test
    void anOperatorSearchesAFileAndReadsItsRejectedRowsAsText() {
        String marker = unique("rejected");
        long runId = runOf("default", marker + ".csv", InsightsApiIT.WITH_BAD_ROWS, "SUCCEEDED")
                .path("id")
                .asLong();
        browser.signIn(port, tokenFor(unique("operator"), "OPERATOR"), null);
        var driver = browser.driver;

        browser.click(By.cssSelector("#nav a[data-view=files]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("search-key")));
        driver.findElement(By.id("search-key")).sendKeys(marker);
        driver.findElement(By.id("search-submit")).click();
        List<String> found = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            List<String> rows = browser.rowsOf("search-results-body");
            return rows.size() == 1 && rows.get(0).contains(marker) ? rows : null;
        });
        assertThat(found.get(0)).contains("default").contains("run #" + runId);
        browser.screenshot("34-search");

        browser.click(By.cssSelector("[data-test=to-rejects]"));
        List<String> rejects = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            List<String> rows = browser.rowsOf("rejects-body");
            return rows.size() == 2 ? rows : null;
        });
        assertThat(rejects.get(0)).startsWith("3\t").contains("2,b,extra");
        assertThat(rejects.get(1)).startsWith("4\t").contains("<img src=x onerror=alert(1)>");
        assertThat(driver.findElements(By.cssSelector("[data-test=rejects] img")))
                .as("raw text from the file is text, never markup")
                .isEmpty();
        assertThat(driver.findElement(By.cssSelector("[data-test=rejects-source]"))
                        .getText())
                .contains(marker + ".csv");
        assertThat(driver.findElements(By.id("rejects-download"))).hasSize(1);
        browser.screenshot("35-rejects");

        driver.get("http://127.0.0.1:" + port + "/#/rejects/" + runId + "?file=0&cursor=0");
        driver.get("http://127.0.0.1:" + port + "/#/runs/" + runId);
        browser.click(By.cssSelector("[data-test=rejects-link]"));
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(d -> browser.rowsOf("rejects-body").size() == 2);
    }

    @SuppressWarnings("unchecked")
    private List<Long> bars(String chart, String series) {
        List<Object> values = (List<Object>) browser.driver.executeScript(
                "return Array.from(document.querySelectorAll('[data-test=\"' + arguments[0] + '\"] rect.bar'))"
                        + ".filter(r => r.dataset.series === arguments[1]).map(r => Number(r.dataset.value));",
                chart,
                series);
        return values.stream().map(v -> ((Number) v).longValue()).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Double> points(String chart, String series) {
        List<Object> values = (List<Object>) browser.driver.executeScript(
                "return Array.from(document.querySelectorAll('[data-test=\"' + arguments[0] + '\"] circle.point'))"
                        + ".filter(r => r.dataset.series === arguments[1]).map(r => Number(r.dataset.value));",
                chart,
                series);
        return values.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private static List<Long> longs(JsonNode values) {
        List<Long> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asLong()));
        return list;
    }

    private static long sum(String[] values) {
        long sum = 0;
        for (String v : values) {
            sum += Long.parseLong(v);
        }
        return sum;
    }
}
