package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.cli.support.Json;
import io.windlass.testing.etcd.EtcdExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as an operator meets it: served by a real {@code windlass worker --http} OS process (a second worker
 * process runs without HTTP) on real etcd, in Debian's headless chromium. The overview lists both nodes; a task paused
 * with {@code windlass command <id> pause} shows as PAUSED on the open page, through its event stream. (The http
 * module's DashboardBrowserIT covers the rest with in-JVM consumers; the http module cannot start the CLI.)
 */
@Tag("browser")
class DashboardProcessIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final String NAMESPACE = "dashproc";
    private static final Duration WAIT = Duration.ofSeconds(90); // JVM starts on a busy box
    private static final Pattern ADDRESS = Pattern.compile("HTTP API on (http://127\\.0\\.0\\.1:\\d+)");

    @Test
    void theWorkersDashboardShowsBothNodesAndAPauseFromTheCliLive() throws Exception {
        Path log1 = Files.createTempFile("dash-worker-1", ".log");
        Path log2 = Files.createTempFile("dash-worker-2", ".log");
        Process w1 = start(log1, "--node", "b1", "--http", "127.0.0.1:0");
        Process w2 = start(log2, "--node", "b2");
        ChromeDriver driver = null;
        try {
            String url = address(log1);
            driver = browser();
            driver.get(url + "/");
            until(driver, "both nodes", d -> d.findElements(By.cssSelector("#nodes-table tr[data-node]")).stream()
                    .map(r -> r.getAttribute("data-node")).toList().containsAll(List.of("b1", "b2")));
            screenshot(driver, "process-overview");

            HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/tasks")).header("X-Windlass-Csrf", "1")
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"bp1\",\"type\":\"forever\",\"props\":{\"interval\":\"1h\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            driver.get(url + "/#/task/bp1");
            until(driver, "bp1 sleeping", d -> !d.findElements(
                    By.cssSelector("#task-state [data-state='SLEEPING']")).isEmpty());
            until(driver, "the event stream open", d -> "stream".equals(body(d, "data-live")));

            CliRun paused = CliRun.run(EtcdStoreConnection.FACTORY, "command", "bp1", "pause", "--etcd",
                    ETCD.endpoints().get(0), "--namespace", NAMESPACE, "--timeout", "20s");
            assertThat(paused.exit()).as(paused.toString()).isZero();
            until(driver, "bp1 shown PAUSED", d -> !d.findElements(
                    By.cssSelector("#task-state [data-state='PAUSED']")).isEmpty());
            HttpResponse<String> task = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v1/tasks/bp1")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long revision = Json.parse("task", task.body()).at("/stored/revision").asLong(-1);
            until(driver, "the PAUSED change received on the stream", d -> revision > 0
                    && ("bp1@" + revision).equals(body(d, "data-live-event")));
            screenshot(driver, "process-task-paused");
        } finally {
            if (driver != null) {
                driver.quit();
            }
            stop(w1);
            stop(w2);
        }
    }

    private static Process start(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                WindlassCli.class.getName(), "worker"));
        command.addAll(List.of(args));
        command.addAll(List.of("--etcd", ETCD.endpoints().get(0), "--namespace", NAMESPACE, "--lease-ttl", "15s",
                "--timeout", "20s"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static String address(Path log) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Matcher m = ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m.group(1);
                }
            } catch (IOException e) {
                // not written yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("no HTTP address in " + log);
    }

    private static ChromeDriver browser() throws IOException {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium).as("Debian's chromium (./windlass test installs it)").isExecutable();
        Path profile = Files.createTempDirectory("windlass-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return driver;
    }

    private static <T> T until(ChromeDriver driver, String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private static String body(org.openqa.selenium.WebDriver d, String attribute) {
        return d.findElement(By.tagName("body")).getAttribute(attribute);
    }

    private static void screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(dir.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }
}
