package io.windlass.http;

import io.windlass.testing.handlers.StepsHandler;
import static io.windlass.http.HttpCalls.await;
import static io.windlass.http.HttpCalls.samples;
import static io.windlass.http.HttpCalls.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.Consumer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.testing.etcd.EtcdExtension;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every endpoint and every error of the API, against real etcd and a real consumer, with a real HTTP client. */
class HttpApiIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    static EtcdConnection etcd;
    static EtcdTaskClient client;
    static EtcdCoordinator coordinator;
    static Consumer consumer;
    static WindlassHttpServer server;
    static HttpCalls api;

    @BeforeAll
    static void start() {
        etcd = EtcdConnection.open(ETCD.endpoints().get(0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withLeaseTtl(Duration.ofSeconds(3))
                .withObserver(WindlassMetrics.etcdObserver(registry, Tags.empty()));
        client = EtcdTaskClient.create(etcd, "api", settings);
        coordinator = EtcdCoordinator.create(etcd, "api", settings);
        HandlerRegistry handlers = HandlerRegistry.builder().register("steps", new StepsHandler()).build();
        consumer = Consumer.builder().nodeId("n1").coordinator(coordinator).handlers(handlers).build();
        consumer.start();
        server = WindlassHttpServer.builder().client(client).consumer(consumer).coordinator(coordinator)
                .meterRegistry(registry).propsValidator(handlers::decodeProps).build().start();
        api = new HttpCalls("http://127.0.0.1:" + server.address().getPort());
        await("ready", WAIT, () -> api.get("/health/ready").status() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        consumer.shutdown();
        consumer.awaitTermination(Duration.ofSeconds(20));
        server.close();
        client.close();
        etcd.close();
    }

    private static String submit(String id, int steps, long intervalMs) {
        HttpCalls.Res r = api.post("/api/v1/tasks", "{\"id\":\"" + id + "\",\"type\":\"steps\",\"props\":{\"steps\":"
                + steps + ",\"intervalMs\":" + intervalMs + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    private static String state(String id) {
        return api.get("/api/v1/tasks/" + id).json().path("state").asText();
    }

    @Test
    void healthAndSecurityHeaders() {
        HttpCalls.Res live = api.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
        HttpCalls.Res ready = api.get("/health/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("reasons")).isEmpty();
        assertThat(live.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(live.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(live.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(live.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(api.send(api.request("/api/v1/nodes").header("Origin", "https://evil.example").GET())
                .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void submitShowHistoryAndDelete() {
        submit("t-done", 3, 20);
        await("t-done completed", WAIT, () -> state("t-done").equals("COMPLETED"));
        JsonNode t = api.get("/api/v1/tasks/t-done?history=10").json();
        assertThat(t.path("record").path("type").asText()).isEqualTo("steps");
        assertThat(t.path("record").path("props").path("steps").asInt()).isEqualTo(3);
        assertThat(t.path("stored").path("data").path("done").asInt()).isEqualTo(3);
        assertThat(t.path("pending")).isEmpty();
        assertThat(t.path("history").path("entries").size()).isBetween(2, 10);
        assertThat(t.path("history").path("entries").get(0).path("state").asText()).isEqualTo("COMPLETED");

        HttpCalls.Res dup = api.post("/api/v1/tasks", "{\"id\":\"t-done\",\"type\":\"steps\",\"props\":{\"steps\":1,"
                + "\"intervalMs\":0}}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.errorCode()).isEqualTo("DUPLICATE_TASK");

        assertThat(api.delete("/api/v1/tasks/t-done").json().path("deleted").asBoolean()).isTrue();
        HttpCalls.Res gone = api.get("/api/v1/tasks/t-done");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("TASK_NOT_FOUND");
        assertThat(api.delete("/api/v1/tasks/t-done").status()).isEqualTo(404);
    }

    @Test
    void commandsAndIllegalCommands() {
        submit("t-cmd", 1000, 3_600_000);
        await("t-cmd sleeping", WAIT, () -> state("t-cmd").equals("SLEEPING"));
        HttpCalls.Res pause = api.post("/api/v1/tasks/t-cmd/commands", "{\"kind\":\"pause\",\"commandId\":\"op-1\"}");
        assertThat(pause.status()).as(pause.body()).isEqualTo(202);
        assertThat(pause.json().path("commandId").asText()).isEqualTo("op-1");
        await("t-cmd paused", WAIT, () -> state("t-cmd").equals("PAUSED"));

        submit("t-killed", 1000, 3_600_000);
        assertThat(api.post("/api/v1/tasks/t-killed/commands", "{\"kind\":\"kill\"}").status()).isEqualTo(202);
        await("t-killed killed", WAIT, () -> state("t-killed").equals("KILLED"));
        HttpCalls.Res illegal = api.post("/api/v1/tasks/t-killed/commands", "{\"kind\":\"run\"}");
        assertThat(illegal.status()).isEqualTo(409);
        assertThat(illegal.errorCode()).isEqualTo("TASK_FINISHED");
        assertThat(api.post("/api/v1/tasks/t-cmd/commands", "{\"kind\":\"fly\"}").errorCode())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(api.post("/api/v1/tasks/t-cmd/commands", "{\"kind\":\"sleep\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/tasks/nope/commands", "{\"kind\":\"run\"}").status()).isEqualTo(404);

        HttpCalls.Res sleep = api.post("/api/v1/tasks/t-cmd/commands",
                "{\"kind\":\"sleep\",\"until\":\"2099-01-01T00:00:00Z\"}");
        assertThat(sleep.status()).as(sleep.body()).isEqualTo(202);
        await("t-cmd sleeping until 2099", WAIT, () -> api.get("/api/v1/tasks/t-cmd").json().path("stored")
                .path("until").asText().startsWith("2099"));
    }

    @Test
    void badRequests() {
        assertThat(api.post("/api/v1/tasks", "{not json").errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(api.post("/api/v1/tasks", "[1,2]").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/tasks", "{\"type\":\"steps\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/tasks", "{\"id\":\"bad/id\",\"type\":\"steps\"}").status()).isEqualTo(400);
        HttpCalls.Res unknownType = api.post("/api/v1/tasks", "{\"id\":\"x1\",\"type\":\"nope\"}");
        assertThat(unknownType.status()).as(unknownType.body()).isEqualTo(400);
        assertThat(unknownType.errorCode()).isEqualTo("UNKNOWN_TASK_TYPE");
        String big = "{\"id\":\"big\",\"type\":\"steps\",\"props\":{\"pad\":\"" + "x".repeat(140 * 1024) + "\"}}";
        HttpCalls.Res tooBig = api.post("/api/v1/tasks", big);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(api.get("/api/v1/tasks?cursor=garbage!").errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(api.get("/api/v1/tasks?cursor=" + Cursor.encode("a") + "x").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/tasks?limit=1001").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/tasks?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/tasks?state=BOGUS").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/nope").errorCode()).isEqualTo("NOT_FOUND");
        HttpCalls.Res put = api.send(api.request("/api/v1/tasks").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(put.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void writesNeedTheCsrfHeaderAndASameOrigin() {
        HttpCalls.Res noHeader = api.send(api.request("/api/v1/tasks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"csrf1\",\"type\":\"steps\"}")));
        assertThat(noHeader.status()).isEqualTo(403);
        assertThat(noHeader.errorCode()).isEqualTo("CSRF");
        HttpCalls.Res foreign = api.send(api.request("/api/v1/tasks/csrf1").header("X-Windlass-Csrf", "1")
                .header("Origin", "https://evil.example").DELETE());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.errorCode()).isEqualTo("CSRF");
        assertThat(api.get("/api/v1/tasks/csrf1").status()).as("nothing was written").isEqualTo(404);
    }

    @Test
    void listFiltersAndCursorPaging() {
        for (int i = 0; i < 5; i++) {
            submit("list-" + i, 1000, 3_600_000);
        }
        await("5 sleeping", WAIT, () -> api.get("/api/v1/tasks?prefix=list-&state=sleeping").json()
                .path("tasks").size() == 5);
        List<String> ids = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/tasks?prefix=list-&limit=2&cursor=" + cursor).json();
            page.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(ids).containsExactly("list-0", "list-1", "list-2", "list-3", "list-4");
        assertThat(pages).isEqualTo(3);
        JsonNode first = api.get("/api/v1/tasks?prefix=list-&type=steps&node=n1&limit=1").json().path("tasks").get(0);
        assertThat(first.path("owner").asText()).isEqualTo("n1");
        assertThat(first.path("type").asText()).isEqualTo("steps");
        assertThat(first.has("props")).as("list entries stay small").isFalse();
        assertThat(api.get("/api/v1/tasks?prefix=list-&type=other").json().path("tasks")).isEmpty();
        assertThat(api.get("/api/v1/tasks?prefix=list-&node=n2").json().path("tasks")).isEmpty();
    }

    @Test
    void aTaskNoLiveNodeHasAHandlerForCarriesANoteAndStaysUntouched() {
        client.submit("nh-1", "nohandler", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        String note = "no handler for type nohandler on any live node";
        JsonNode t = api.get("/api/v1/tasks/nh-1").json();
        assertThat(t.path("note").asText()).isEqualTo(note);
        assertThat(t.path("state").asText()).isEqualTo("RUNNABLE");
        assertThat(t.path("owner").isNull()).isTrue();
        assertThat(api.get("/api/v1/tasks?prefix=nh-").json().path("tasks").get(0).path("note").asText())
                .isEqualTo(note);
        assertThat(api.get("/api/v1/nodes").json().path("nodes").get(0).path("types").toString())
                .isEqualTo("[\"steps\"]");
        assertThat(api.get("/api/v1/tasks?prefix=list-").json().path("tasks").findValues("note")).isEmpty();
    }

    @Test
    void countsFollowTheWatch() {
        submit("cnt-1", 1000, 3_600_000);
        await("counts see cnt-1 sleeping and match the list", WAIT, () -> {
            JsonNode c = api.get("/api/v1/counts").json();
            long sleeping = api.get("/api/v1/tasks?state=SLEEPING&limit=1000").json().path("tasks").size();
            long all = api.get("/api/v1/tasks?limit=1000").json().path("tasks").size();
            return c.path("byState").path("SLEEPING").asLong() == sleeping && c.path("total").asLong() == all
                    && sleeping >= 1;
        });
    }

    @Test
    void nodesNodeCommandsAndInfo() {
        JsonNode n1 = api.get("/api/v1/nodes").json().path("nodes").get(0);
        assertThat(n1.path("id").asText()).isEqualTo("n1");
        assertThat(n1.path("self").asBoolean()).isTrue();
        assertThat(n1.path("frozen").asBoolean()).isFalse();
        assertThat(n1.path("leaseTtlLeftMs").asLong()).isPositive();
        assertThat(n1.path("started").asText()).isNotBlank();

        assertThat(api.post("/api/v1/nodes/n1/commands", "{\"kind\":\"freeze\"}").status()).isEqualTo(202);
        await("n1 frozen", WAIT, () -> api.get("/info").json().path("frozen").asBoolean());
        assertThat(api.post("/api/v1/nodes/n1/commands", "{\"kind\":\"unfreeze\"}").status()).isEqualTo(202);
        await("n1 unfrozen", WAIT, () -> !api.get("/info").json().path("frozen").asBoolean());
        assertThat(api.post("/api/v1/nodes/n1/commands", "{\"kind\":\"explode\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/nodes/ghost/commands", "{\"kind\":\"balance\"}").status()).isEqualTo(400);

        submit("info-1", 1000, 3_600_000);
        await("info-1 in /info", WAIT, () -> {
            for (JsonNode t : api.get("/info").json().path("tasks")) {
                if (t.path("id").asText().equals("info-1") && t.path("state").asText().equals("SLEEPING")) {
                    return !t.path("since").asText().isEmpty();
                }
            }
            return false;
        });
        JsonNode info = api.get("/info").json();
        assertThat(info.path("node").asText()).isEqualTo("n1");
        assertThat(info.path("leaseValid").asBoolean()).isTrue();
        assertThat(info.path("ownedCount").asInt()).isEqualTo(info.path("tasks").size());
    }

    @Test
    void prometheusOutputHasTheMeters() {
        submit("m-done", 2, 10);
        submit("m-stop", 1000, 3_600_000);
        submit("m-keep", 1000, 3_600_000);
        await("m-keep sleeping", WAIT, () -> state("m-keep").equals("SLEEPING"));
        await("m-done completed", WAIT, () -> state("m-done").equals("COMPLETED"));
        await("m-stop sleeping", WAIT, () -> state("m-stop").equals("SLEEPING"));
        assertThat(api.post("/api/v1/nodes/n1/commands", "{\"kind\":\"stop_task\",\"taskId\":\"m-stop\"}").status())
                .isEqualTo(202);
        assertThat(api.post("/api/v1/tasks/m-keep/commands", "{\"kind\":\"pause\"}").status()).isEqualTo(202);
        await("m-keep paused", WAIT, () -> state("m-keep").equals("PAUSED"));
        await("a keep-alive was measured", WAIT, () -> api.get("/metrics").body()
                .contains("windlass_lease_keepalive_lag_seconds_count{result=\"ok\""));
        await("a stop_task release is counted", WAIT, () -> {
            String text = api.get("/metrics").body();
            return text.contains("windlass_tasks_released_total") && text.contains("reason=\"stop_task\"");
        });
        HttpCalls.Res res = api.get("/metrics");
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> s = samples(res.body());
        assertThat(sum(s, "windlass_transitions_total", "to=\"COMPLETED\"", "command=\"COMPLETE\"")).isPositive();
        assertThat(sum(s, "windlass_claims_total", "result=\"won\"")).isGreaterThanOrEqualTo(2);
        assertThat(sum(s, "windlass_tasks_finished_total", "state=\"COMPLETED\"")).isPositive();
        assertThat(sum(s, "windlass_tasks", "state=\"COMPLETED\"")).isPositive();
        assertThat(sum(s, "windlass_tasks_owned")).isPositive();
        assertThat(sum(s, "windlass_node_frozen")).isZero();
        assertThat(sum(s, "windlass_node_draining")).isZero();
        assertThat(sum(s, "windlass_lease_valid")).isEqualTo(1);
        assertThat(sum(s, "windlass_lease_time_left_seconds")).isPositive();
        assertThat(sum(s, "windlass_build_info")).isEqualTo(1);
        assertThat(sum(s, "windlass_http_requests_seconds_count", "route=\"/api/v1/tasks/{id}\"")).isPositive();
        assertThat(sum(s, "windlass_claims_total", "type=\"steps\"", "result=\"won\"")).isPositive();
        assertThat(sum(s, "windlass_claim_latency_seconds_count", "result=\"won\"")).isPositive();
        assertThat(sum(s, "windlass_failover_duration_seconds_count", "type=\"steps\"")).isPositive();
        assertThat(sum(s, "windlass_handler_duration_seconds_count", "type=\"steps\"", "callback=\"onRunnable\"",
                "result=\"ok\"")).isPositive();
        assertThat(sum(s, "windlass_handler_duration_seconds_bucket", "le=\"+Inf\"")).as("a histogram")
                .isPositive();
        assertThat(sum(s, "windlass_handlers_active")).isGreaterThanOrEqualTo(0);
        assertThat(sum(s, "windlass_timer_lateness_seconds_count")).isPositive();
        assertThat(sum(s, "windlass_commands_total", "kind=\"PAUSE\"", "result=\"applied\"")).isPositive();
        assertThat(sum(s, "windlass_commands_pending")).isGreaterThanOrEqualTo(0);
        assertThat(sum(s, "windlass_etcd_requests_seconds_count", "op=\"commit\"", "result=\"ok\"")).isPositive();
        assertThat(sum(s, "windlass_etcd_requests_seconds_count", "op=\"lease_keepalive\"")).isPositive();
        assertThat(sum(s, "windlass_lease_keepalive_lag_seconds_count", "result=\"ok\"")).isPositive();
        assertThat(s.keySet()).as("no task id in any tag").noneMatch(k -> k.contains("m-done") || k.contains("m-stop"));
    }

    @Test
    void authReadOnlyAndBasic() {
        String token = "a-test-token-0123456789";
        try (WindlassHttpServer secured = WindlassHttpServer.builder().client(client).authToken(token).build().start();
             WindlassHttpServer readOnly = WindlassHttpServer.builder().client(client).readOnly(true).build().start();
             WindlassHttpServer basic = WindlassHttpServer.builder().client(client).basic("ops", "pass-word-1")
                     .build().start()) {
            HttpCalls anon = new HttpCalls("http://127.0.0.1:" + secured.address().getPort());
            HttpCalls.Res none = anon.get("/api/v1/nodes");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(anon.get("/health/live").status()).as("probes need no token").isEqualTo(200);
            assertThat(anon.post("/api/v1/tasks", "{}").status()).isEqualTo(401);
            HttpCalls wrong = new HttpCalls("http://127.0.0.1:" + secured.address().getPort())
                    .header("Authorization", "Bearer not-the-token-at-all");
            assertThat(wrong.get("/api/v1/nodes").status()).isEqualTo(401);
            HttpCalls ok = new HttpCalls("http://127.0.0.1:" + secured.address().getPort())
                    .header("Authorization", "Bearer " + token);
            assertThat(ok.get("/api/v1/nodes").status()).isEqualTo(200);

            HttpCalls ro = new HttpCalls("http://127.0.0.1:" + readOnly.address().getPort());
            HttpCalls.Res refused = ro.post("/api/v1/tasks", "{\"id\":\"ro-1\",\"type\":\"steps\"}");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("READ_ONLY");
            assertThat(ro.delete("/api/v1/tasks/t-cmd").errorCode()).isEqualTo("READ_ONLY");
            assertThat(ro.get("/api/v1/nodes").status()).isEqualTo(200);
            assertThat(ro.get("/api/v1/tasks/ro-1").status()).as("nothing was written").isEqualTo(404);

            String basicAuth = "Basic " + java.util.Base64.getEncoder().encodeToString("ops:pass-word-1".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            HttpCalls b = new HttpCalls("http://127.0.0.1:" + basic.address().getPort());
            assertThat(b.get("/api/v1/nodes").status()).isEqualTo(401);
            assertThat(b.header("Authorization", basicAuth).get("/api/v1/nodes").status()).isEqualTo(200);
            assertThat(b.get("/info").status()).as("serve mode has no /info").isEqualTo(404);
        }
    }
}
