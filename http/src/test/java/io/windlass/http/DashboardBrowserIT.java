package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.testing.etcd.EtcdExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless chromium against real servers on real etcd with two real consumers (n1, n2):
 * overview, filter, paging 2,500 tasks, task detail, an action with confirmation, live updates, read-only mode, auth,
 * base path, CSP. Every test waits on the page and saves a screenshot under {@code target/screenshots/}.
 */
@Tag("browser")
class DashboardBrowserIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    static DashboardCluster cluster;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        cluster = new DashboardCluster(ETCD.endpoints().get(0));
        browser = new Browser();
    }

    @AfterEach
    void noContentSecurityPolicyViolation() {
        List<String> console = browser.console();
        assertThat(console).as("the browser console").noneMatch(l -> l.contains("Content Security Policy")
                || l.contains("Refused to"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void overviewShowsTheCountsAndBothNodesAndFreezesANode() throws IOException {
        browser.open(cluster.url);
        browser.find("#nodes-table tr[data-node='n1']");
        browser.find("#nodes-table tr[data-node='n2']");
        browser.until("every state's count equal to /api/v1/counts", d -> {
            JsonNode by = cluster.api.get("/api/v1/counts").json().path("byState");
            for (var it = by.fields(); it.hasNext(); ) {
                var e = it.next();
                List<WebElement> n = d.findElements(By.cssSelector("[data-count='" + e.getKey() + "']"));
                if (n.isEmpty() || !n.get(0).getText().equals(e.getValue().asText())) {
                    return false;
                }
            }
            return true;
        });
        Path shot = browser.screenshot("overview");
        docsImage(shot, "dashboard-overview.png");

        browser.click("#node-freeze-n1");
        browser.text("#confirm-text", "Freeze node n1?");
        browser.click("#confirm-ok");
        browser.text("#node-result-n1", "accepted: freeze");
        browser.text("#nodes-table tr[data-node='n1']", "frozen");
        browser.screenshot("overview-frozen");
        assertThat(cluster.api.post("/api/v1/nodes/n1/commands", "{\"kind\":\"unfreeze\"}").status()).isEqualTo(202);
        browser.text("#nodes-table tr[data-node='n1']", "claiming");
    }

    @Test
    void aStateFilterNarrowsTheList() {
        browser.open(cluster.url + "#/tasks");
        browser.find("#tasks-table");
        new Select(browser.find("#f-state")).selectByValue("COMPLETED");
        browser.find("#f-prefix").sendKeys("f-");
        browser.click("#f-apply");
        browser.until("three COMPLETED f-* rows", d -> browser.rowIds()
                .equals(List.of("f-1", "f-2", "f-3")));
        assertThat(browser.all("#tasks-table tbody .badge")).allMatch(b -> b.getText().contains("COMPLETED"));
        assertThat(browser.driver.getCurrentUrl()).contains("state=COMPLETED").contains("prefix=f-");
        browser.screenshot("tasks-filtered");
        browser.click("#tasks-table tr[data-task='f-2'] a");
        browser.find("#task-state [data-state='COMPLETED']");
        browser.text("#legal-commands", "COMPLETED is terminal");
        assertThat(browser.find("#action-pause").isEnabled()).as("no command is legal in COMPLETED").isFalse();
        assertThat(browser.find("#action-delete").isEnabled()).isTrue();
    }

    @Test
    void pagingWalks2500Tasks100AtATimeWithoutDuplicatesOrGaps() {
        browser.open(cluster.pagingUrl + "#/tasks?prefix=p-");
        Set<String> seen = new TreeSet<>();
        List<String> walked = new ArrayList<>();
        for (int page = 1; ; page++) {
            String label = "page " + page;
            browser.text("#page-no", label);
            List<String> rows = browser.until(label + " rows", d -> {
                List<String> r = browser.rowIds();
                return r.isEmpty() ? null : r;
            });
            assertThat(rows).as(label).hasSizeLessThanOrEqualTo(100);
            walked.addAll(rows);
            seen.addAll(rows);
            String more = browser.until("the next-page button", d ->
                    d.findElement(By.cssSelector("#page-next")).isEnabled() ? "more" : "last");
            if (more.equals("last")) {
                break;
            }
            browser.click("#page-next");
        }
        List<String> expected = IntStream.range(0, DashboardCluster.PAGED)
                .mapToObj(i -> String.format("p-%04d", i)).toList();
        assertThat(walked).as("no duplicates").hasSize(seen.size());
        assertThat(walked).as("every task, in id order, no gap").isEqualTo(expected);
        browser.screenshot("tasks-last-page");
        browser.click("#page-prev");
        browser.text("#page-no", "page 24");
        assertThat(browser.rowIds().get(0)).isEqualTo("p-2300");
    }

    @Test
    void taskDetailShowsTheTimelineAndPauseIsConfirmedAndShownLive() throws IOException {
        cluster.client.submit("d-1", "steps", DashboardCluster.props(1000, 3_600_000));
        browser.open(cluster.url + "#/task/d-1");
        browser.find("#task-state [data-state='SLEEPING']");
        browser.until("two timeline segments", d -> d.findElements(By.cssSelector("#timeline .seg")).size() >= 2);
        assertThat(browser.all("#timeline .seg").get(0).getAttribute("data-state")).isEqualTo("RUNNABLE");
        assertThat(browser.find("svg.diagram .node.current").getAttribute("data-state")).isEqualTo("SLEEPING");
        assertThat(browser.find("#legal-commands").getText()).contains("PAUSE → PAUSED").contains("KILL → KILLED");
        assertThat(browser.all("#history-table tbody tr")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.find("#action-run").isEnabled()).as("RUN is legal in SLEEPING").isTrue();
        docsImage(browser.screenshot("task-detail"), "dashboard-task.png");

        browser.click("#action-kill");
        browser.click("#confirm-cancel");
        browser.text("#action-result", "cancelled");

        browser.click("#action-pause");
        browser.text("#confirm-text", "Pause task d-1?");
        browser.click("#confirm-ok");
        browser.text("#action-result", "accepted: PAUSE");
        browser.find("#task-state [data-state='PAUSED']");
        browser.find("#timeline .seg[data-state='PAUSED']");
        browser.find("svg.diagram .node.current[data-state='PAUSED']");
        browser.screenshot("task-paused");

        cluster.client.command("d-1", Command.run()); // what `windlass command d-1 run` does
        browser.until("the CLI's RUN shown live", d -> d.findElements(
                By.cssSelector("#task-state [data-state='PAUSED']")).isEmpty()
                && d.findElements(By.cssSelector("#history-table tbody tr")).size() >= 4);
        browser.screenshot("task-run-from-cli");
    }

    @Test
    void aTaskPausedFromTheCliShowsAsPausedLiveThroughTheEventStream() {
        cluster.client.submit("d-2", "steps", DashboardCluster.props(1000, 3_600_000));
        browser.open(cluster.url + "#/task/d-2");
        browser.find("#task-state [data-state='SLEEPING']");
        browser.find("body[data-live='stream']");
        cluster.client.command("d-2", Command.pause()); // what `windlass command d-2 pause` does
        browser.find("#task-state [data-state='PAUSED']");
        long paused = cluster.client.get("d-2").orElseThrow().state().revision();
        // the page saw the change of exactly that revision on its stream (not only a poll)
        browser.until("the PAUSED change received on the stream", d -> ("d-2@" + paused).equals(
                d.findElement(By.tagName("body")).getAttribute("data-live-event")));
        assertThat(browser.find("body").getAttribute("data-live")).isEqualTo("stream");
        assertThat(browser.find("#live").getText()).contains("stream");
        browser.screenshot("task-paused-live");
    }

    @Test
    void whenTheServerRefusesTheStreamThePagePolls() throws Exception {
        cluster.client.submit("d-3", "steps", DashboardCluster.props(1000, 3_600_000));
        try (WindlassHttpServer one = WindlassHttpServer.builder().client(cluster.client).maxEventStreams(1).build()
                .start()) {
            String url = "http://127.0.0.1:" + one.address().getPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<Stream<String>> held = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/events"))
                    .build(), HttpResponse.BodyHandlers.ofLines()); // the one stream this server allows
            assertThat(held.statusCode()).isEqualTo(200);
            browser.open(url + "/#/task/d-3");
            browser.find("#task-state [data-state='SLEEPING']");
            cluster.client.command("d-3", Command.pause());
            browser.find("#task-state [data-state='PAUSED']");
            assertThat(browser.find("body").getAttribute("data-live")).isEqualTo("polling");
            assertThat(browser.find("#live").getText()).contains("polling");
            held.body().close();
        }
    }

    @Test
    void readOnlyModeShowsNoActionButtons() {
        browser.open(cluster.readOnlyUrl + "#/task/f-1");
        browser.find("#task-state [data-state='COMPLETED']");
        browser.text("#mode", "read-only");
        assertThat(browser.all("#task-actions")).isEmpty();
        assertThat(browser.all("button[id^='action-']")).isEmpty();
        browser.screenshot("read-only-task");
        browser.click("#nav-overview");
        browser.find("#nodes-table");
        assertThat(browser.all("button[id^='node-']")).isEmpty();
        HttpCalls ro = new HttpCalls(cluster.readOnlyUrl.substring(0, cluster.readOnlyUrl.length() - 1));
        assertThat(ro.post("/api/v1/tasks/f-1/commands", "{\"kind\":\"kill\"}").errorCode()).isEqualTo("READ_ONLY");
    }

    @Test
    void withAuthThePageAsksForCredentials() {
        browser.open(cluster.authUrl);
        browser.find("#login-token").sendKeys("wrong-token-wrong-token");
        browser.click("#login-submit");
        browser.text("#login .error", "refused");
        browser.find("#login-token").sendKeys(DashboardCluster.TOKEN);
        browser.screenshot("login");
        browser.click("#login-submit");
        browser.find("#nodes-table tr[data-node='n2']");
        assertThat(browser.find("[data-count='COMPLETED']").getText()).isNotEmpty();
        browser.find("body[data-live='stream']"); // the stream sends the credentials too
    }

    @Test
    void servesUnderABasePathWithAStrictContentSecurityPolicy() {
        browser.open(cluster.baseUrl);
        browser.find("#nodes-table tr[data-node='n1']");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/windlass/");
        browser.find("body[data-live='stream']"); // the stream's URL follows the base path
        HttpCalls base = new HttpCalls(cluster.baseUrl);
        for (String path : List.of("/", "/ui/app.js", "/ui/app.css")) {
            HttpCalls.Res r = base.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").contains("style-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe");
        }
        assertThat(base.get("/api/v1/counts").status()).isEqualTo(200);
        JsonNode machine = base.get("/api/v1/statemachine").json();
        int legal = TaskStateMachine.standard().table().values().stream().mapToInt(java.util.Map::size).sum();
        assertThat(machine.path("transitions")).hasSize(legal);
        assertThat(base.get("/api/v1/server").json().path("readOnly").asBoolean()).isFalse();
        assertThat(base.get("/ui/../api/v1/counts").status()).isNotEqualTo(200);
        assertThat(base.get("/ui/missing.js").status()).isEqualTo(404);
    }

    /** With -Dwindlass.updateDocs=true the README's screenshots are regenerated from what the test saw. */
    private static void docsImage(Path shot, String name) throws IOException {
        if (Boolean.getBoolean("windlass.updateDocs")) {
            Path images = Path.of("..", "docs", "images");
            Files.createDirectories(images);
            Files.copy(shot, images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
