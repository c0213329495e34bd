package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Browser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Table tab and the data preview in headless Chromium, filled by real runs of the {@code
 * shapeui} pipeline (created, widened and added to, refused), read back from the DOM. A header and
 * a value holding markup must show as text. Screenshots go to {@code target/screenshots}.
 */
class TablesBrowserIT extends ApiTestApp {

    static final String HOSTILE = TablesApiIT.HOSTILE;

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
    void theTableTabAndThePreviewShowWhatTheRunsDidAsText() {
        long created = runOf(
                        "shapeui",
                        unique("first") + ".csv",
                        "id,amount,\"" + HOSTILE + "\"\n12345678901,2.50,\"" + HOSTILE + "\"\n7,1.25,\n",
                        "SUCCEEDED")
                .path("id")
                .asLong();
        long widened = runOf("shapeui", unique("second") + ".csv", "id,amount,note\n8,3.75,hi\n", "SUCCEEDED")
                .path("id")
                .asLong();
        long refused = runOf("shapeui", unique("third") + ".csv", "id,amount\nx1,1.00\n", "FAILED")
                .path("id")
                .asLong();
        browser.signIn(port, tokenFor(unique("viewer"), "VIEWER"), null);
        var driver = browser.driver;
        driver.manage().window().setSize(new Dimension(1280, 800));

        driver.get("http://127.0.0.1:" + port + "/#/pipelines/shapeui");
        By tableTab = By.cssSelector("[data-test=tab-table]");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(tableTab));
        driver.executeScript("document.querySelector('[data-test=tab-table]').focus()");
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        By refusal = By.cssSelector("[data-test=change-" + refused + "] [data-test=refusal]");
        browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(refusal));
        assertThat(driver.getCurrentUrl()).endsWith("#/table/shapeui");

        assertThat(driver.findElement(refusal).getText())
                .contains("column 'id' is bigint in the table, this batch needs string");
        assertThat(text("[data-test=change-" + refused + "] [data-test=conflict]"))
                .isEqualTo("refused: id is bigint in the table, the run needs string");
        assertThat(text("[data-test=change-" + widened + "] [data-test=widened]"))
                .isEqualTo("wrote id as the table's bigint (its values fit)");
        assertThat(text("[data-test=change-" + widened + "] [data-test=added]"))
                .isEqualTo("added note string from header note");
        assertThat(driver.findElements(By.cssSelector("[data-test=change-" + created + "] [data-test=added]")))
                .hasSize(3);
        List<WebElement> headers = driver.findElements(By.cssSelector("[data-test=table-columns] [data-test=header]"));
        assertThat(headers).extracting(WebElement::getText).containsExactly("id", "amount", HOSTILE, "note");
        List<WebElement> nulls = driver.findElements(By.cssSelector("[data-test=table-columns] [data-test=nulls]"));
        assertThat(nulls).extracting(WebElement::getText).containsExactly("0", "0", "1", "0");
        assertThat(driver.findElements(By.cssSelector("#main img")))
                .as("markup stays text")
                .isEmpty();
        browser.screenshot("40-table-view");

        driver.get("http://127.0.0.1:" + port + "/#/runs/" + created);
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("preview-link")));
        driver.executeScript("document.getElementById('preview-link').focus()");
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        By cells = By.cssSelector("[data-test=preview-body] tr");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.numberOfElementsToBe(cells, 2));
        List<WebElement> rows = driver.findElements(cells);
        List<String> first = rows.get(0).findElements(By.tagName("td")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(first.subList(0, 3)).containsExactly("12345678901", "2.50", HOSTILE);
        assertThat(first.get(3))
                .as("processed_at, ISO without a zone")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        WebElement missing = rows.get(1).findElements(By.tagName("td")).get(2);
        assertThat(missing.getText()).isEqualTo("NULL");
        assertThat(missing.getAttribute("data-test")).isEqualTo("null");
        assertThat(driver.findElements(By.cssSelector("#main img"))).isEmpty();
        assertThat(text("[data-test=preview-count]")).startsWith("2 rows");
        browser.screenshot("41-preview");

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        driver.get("http://127.0.0.1:" + port + "/#/table/shapeui");
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(refusal));
        assertThat(driver.executeScript("return getComputedStyle(document.documentElement).backgroundColor"))
                .as("the dark palette")
                .isEqualTo("rgb(18, 22, 28)");
        assertThat(driver.executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1"))
                .as("the page itself does not scroll sideways at phone width; wide tables scroll in their frame")
                .isEqualTo(true);
        browser.screenshot("42-table-view-phone-dark");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void anIcebergTableShowsItsSnapshotsLinkedToTheirRunsAndTheRunShowsItsSnapshot() {
        long created = runOf("iceshapeui", unique("first") + ".csv", "id,amount\n1,2.50\n2,3.75\n", "SUCCEEDED")
                .path("id")
                .asLong();
        long evolved = runOf(
                        "iceshapeui", unique("second") + ".csv", "id,amount,note\n12345678901,1.00,hi\n", "SUCCEEDED")
                .path("id")
                .asLong();
        var snapshots = admin().get("/api/v1/insights/pipelines/iceshapeui/table")
                .json()
                .path("snapshots");
        String newest = snapshots.get(0).path("snapshotId").asString();
        String oldest = snapshots.get(1).path("snapshotId").asString();
        browser.signIn(port, tokenFor(unique("viewer"), "VIEWER"), null);
        var driver = browser.driver;
        driver.manage().window().setSize(new Dimension(1280, 800));

        driver.get("http://127.0.0.1:" + port + "/#/table/iceshapeui");
        By row = By.cssSelector("[data-test=snapshot-" + newest + "]");
        browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(row));

        assertThat(text("[data-test=table-source]")).contains("Iceberg table's metadata");
        assertThat(text("[data-test=snapshot-" + newest + "] [data-test=snapshot-widened]"))
                .isEqualTo("widened id from int to bigint");
        assertThat(text("[data-test=snapshot-" + newest + "] [data-test=snapshot-added]"))
                .startsWith("added note string (field ");
        assertThat(text("[data-test=snapshot-" + newest + "] [data-test=snapshot-rows]"))
                .isEqualTo("+1 −0");
        assertThat(text("[data-test=snapshot-" + oldest + "] [data-test=snapshot-rows]"))
                .isEqualTo("+2 −0");
        assertThat(text("[data-test=snapshot-" + oldest + "] [data-test=snapshot-first]"))
                .isEqualTo("first snapshot");
        assertThat(driver.findElements(By.cssSelector("[data-test=table-columns] [data-test=field-id]")))
                .extracting(WebElement::getText)
                .allMatch(id -> id.matches("\\d+"));
        assertThat(text("[data-test=snapshot-" + oldest + "] [data-test=snapshot-run]"))
                .isEqualTo("#" + created + " (attempt 1)");
        browser.screenshot("43-iceberg-history");

        driver.executeScript(
                "document.querySelector('[data-test=snapshot-" + newest + "] [data-test=snapshot-run]').focus()");
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("run-snapshot")));
        assertThat(driver.getCurrentUrl()).endsWith("#/runs/" + evolved);
        assertThat(driver.findElement(By.id("run-snapshot")).getText())
                .isEqualTo(newest + " by attempt 1: +1 files (1 rows), −0 files (0 rows)");
        browser.screenshot("44-run-snapshot");
    }

    private String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }
}
