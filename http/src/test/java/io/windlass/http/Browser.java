package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium driven through Debian's chromedriver (both installed by {@code ./windlass test}), with a
 * fresh profile, waits on the page's state (never sleeps), screenshots under {@code target/screenshots/} and the
 * browser console (to assert that no Content-Security-Policy violation happened). One per test class.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        assertThat(CHROMIUM).as("Debian's chromium (./windlass test installs it: apt-get install -y chromium)")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (./windlass test installs it)").isExecutable();
        try {
            profile = Files.createTempDirectory("windlass-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // the background-networking flags keep chromium from calling home: this closed network refuses it
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    void open(String url) {
        driver.get(url);
    }

    <T> T until(String what, ExpectedCondition<T> condition) {
        // the page redraws what changed every poll: an element read just before its redraw is retried
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Clicks the element once it is there (again if a redraw replaced it meanwhile). */
    void click(String css) {
        until("click on " + css, d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** Waits until the element is on the page and returns it. */
    WebElement find(String css) {
        return until("element " + css, d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits until the element's text contains {@code text}. */
    void text(String css, String text) {
        until(css + " containing '" + text + "'", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    /**
     * The {@code data-task} ids of the task table's rows, read in one script call (a WebDriver round trip per row made a
     * 100-row page cost about a second).
     */
    List<String> rowIds() {
        Object ids = driver.executeScript("return Array.from(document.querySelectorAll('#tasks-table tbody tr'))"
                + ".map(r => r.getAttribute('data-task'));");
        return ((List<?>) ids).stream().map(o -> (String) o).toList();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png} (for a person to look at). */
    Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            // the whole page, not just the window (DevTools' capture beyond the viewport)
            Number width = (Number) driver.executeScript("return document.documentElement.scrollWidth");
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
                            "height", Math.min(6000, height.intValue()), "scale", 1)));
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console lines since the last call. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }
}
