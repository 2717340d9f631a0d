package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code windlass worker --http} and {@code windlass serve --http} as separate OS processes, called with a real HTTP
 * client: submit and steer through the API, the worker's {@code /info}, readiness, the Prometheus output after a run,
 * and the API of a namespace served without running tasks.
 */
class HttpProcessIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final Pattern ADDRESS = Pattern.compile("HTTP API on (http://127\\.0\\.0\\.1:\\d+)");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // JVM start on a busy box
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static Process start(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                WindlassCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--etcd", ETCD.endpoints().get(0), "--namespace", "httpproc", "--http",
                "127.0.0.1:0", "--timeout", "20s")); // a fresh JVM's first etcd call can take seconds on a busy box
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String address(Path log) {
        String[] found = new String[1];
        await("the HTTP address in " + log, () -> {
            try {
                Matcher m = ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
                found[0] = m.find() ? m.group(1) : null;
                return found[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("X-Windlass-Csrf", "1")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.parse("response", r.body());
    }

    @Test
    void aWorkerServesTheApiAndAServerServesItWithoutRunningTasks() throws Exception {
        Path workerLog = Files.createTempFile("http-worker", ".log");
        Path serveLog = Files.createTempFile("http-serve", ".log");
        Process worker = start(workerLog, "worker", "--node", "h1", "--lease-ttl", "3s");
        Process serve = null;
        try {
            String w = address(workerLog);
            await("worker ready", () -> get(w + "/health/ready").statusCode() == 200);
            HttpResponse<String> submitted = post(w + "/api/v1/tasks",
                    "{\"id\":\"hp1\",\"type\":\"counter\",\"props\":{\"steps\":3,\"interval\":\"50ms\"}}");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            assertThat(post(w + "/api/v1/tasks", "{\"id\":\"hp-bad\",\"type\":\"counter\",\"props\":{\"steps\":-1}}")
                    .statusCode()).as("props are checked against the example handlers").isEqualTo(400);
            assertThat(post(w + "/api/v1/tasks", "{\"id\":\"hp2\",\"type\":\"forever\",\"props\":{\"interval\":\"1h\"}}")
                    .statusCode()).isEqualTo(201);
            await("hp1 completed", () -> json(get(w + "/api/v1/tasks/hp1")).path("state").asText()
                    .equals("COMPLETED"));
            await("hp2 on h1 in /info", () -> json(get(w + "/info")).path("tasks").toString().contains("hp2"));
            assertThat(json(get(w + "/info")).path("node").asText()).isEqualTo("h1");
            assertThat(post(w + "/api/v1/tasks/hp2/commands", "{\"kind\":\"pause\"}").statusCode()).isEqualTo(202);
            await("hp2 paused", () -> json(get(w + "/api/v1/tasks/hp2")).path("state").asText().equals("PAUSED"));

            HttpResponse<String> page = get(w + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script type=\"module\" src=\"ui/app.js\"></script>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("script-src 'self'").doesNotContain("unsafe");
            assertThat(get(w + "/ui/app.js").statusCode()).isEqualTo(200);
            assertThat(Files.readString(workerLog, StandardCharsets.UTF_8)).contains("node=h1 dashboard on " + w + "/");

            String metrics = get(w + "/metrics").body();
            for (String meter : List.of("windlass_transitions_total{", "windlass_claims_total{",
                    "windlass_tasks_finished_total{", "windlass_tasks{", "windlass_tasks_owned ",
                    "windlass_lease_valid ", "windlass_lease_time_left_seconds ", "windlass_build_info{",
                    "windlass_http_requests_seconds_count{")) {
                assertThat(metrics).as("meter " + meter).contains(meter);
            }
            assertThat(metrics).contains("command=\"COMPLETE\"").doesNotContain("hp1").doesNotContain("hp2");

            serve = start(serveLog, "serve");
            String s = address(serveLog);
            await("serve ready", () -> get(s + "/health/ready").statusCode() == 200);
            JsonNode tasks = json(get(s + "/api/v1/tasks?state=PAUSED"));
            assertThat(tasks.path("tasks").get(0).path("id").asText()).isEqualTo("hp2");
            assertThat(json(get(s + "/api/v1/counts")).path("byState").path("COMPLETED").asLong()).isEqualTo(1);
            assertThat(json(get(s + "/api/v1/nodes")).path("nodes").get(0).path("id").asText()).isEqualTo("h1");
            assertThat(get(s + "/info").statusCode()).as("no consumer in serve").isEqualTo(404);

            worker.destroy(); // SIGTERM: the worker drains, the server stops with it
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await("h1 gone for serve", () -> json(get(s + "/api/v1/nodes")).path("nodes").isEmpty());
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- worker log:\n" + tail(workerLog) + "\n--- serve log:\n"
                    + tail(serveLog), e);
        } finally {
            worker.destroyForcibly();
            if (serve != null) {
                serve.destroyForcibly();
            }
            Files.deleteIfExists(workerLog);
            Files.deleteIfExists(serveLog);
        }
    }
}
