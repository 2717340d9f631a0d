package io.windlass.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.windlass.cli.support.Json;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.http.WindlassHttpServer;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code api}: N unclaimed tasks, the HTTP server of {@code windlass serve} on them → {@code GET /api/v1/tasks}
 * (filtered by state, and a page deep in the namespace through a cursor) and {@code GET /api/v1/counts}: p50/p99
 * latency and this JVM's CPU per request (server and client, one process; the client is {@link KeepAliveHttp}).
 * Baseline: the raw etcd range read of the same page (100 task records and their states from the same start key, in
 * one read-only txn): the namespace's first page for the state list, the deep page for the cursor. Targets: list p99
 * ≤ 2× the raw read of the same page (the worse of the two); counts p99 ≤ 5 ms.
 */
final class ApiBench implements Benchmark {
    static final double TARGET_LIST_RATIO = 2.0;
    static final double TARGET_COUNTS_P99_MS = 5.0;
    private static final String NS = "bench-api";

    /** Unmeasured requests before each measured kind: the first calls of a code path pay class loading and JIT. */
    private static final int WARM_UP = 100;

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(300, 10_000, 100_000);
        int listRequests = ctx.pick(10, 200, 200);
        int countRequests = ctx.pick(50, 500, 1000);
        ObjectNode params = Json.object().put("tasks", tasks).put("list_requests", listRequests)
                .put("counts_requests", countRequests).put("page", 100);
        Progress progress = ctx.progress();
        ObjectNode baseline = Json.object();
        ObjectNode framework = Json.object();
        List<String> notes = new ArrayList<>();
        try (NodeGroup group = new NodeGroup(ctx.etcd(), NS, EtcdCoordinatorSettings.defaults(), progress)) {
            progress.phase("submitting " + tasks + " tasks");
            group.submit(tasks, 32);
            try (Client jetcd = ctx.etcd().connect();
                 EtcdTaskClient client = EtcdTaskClient.create(jetcd, NS, group.settings());
                 WindlassHttpServer server = WindlassHttpServer.builder().client(client).build().start()) {
                String base = "http://127.0.0.1:" + server.address().getPort();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                progress.phase("waiting for the counts aggregate");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
                while (get(http, base + "/api/v1/counts").path("total").asLong(-1) != tasks) {
                    if (System.nanoTime() > deadline) {
                        throw new WindlassException(ErrorCode.UNAVAILABLE, "the counts did not sync in 600 s");
                    }
                    NodeGroup.sleepQuietly(100);
                }
                String deepId = "t-" + (tasks * 9 / 10);
                // the server's cursor format (opaque to clients; the bench knows it to start deep without paging)
                String cursor = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(("v1:" + deepId).getBytes(StandardCharsets.UTF_8));
                String byState = "/api/v1/tasks?state=RUNNABLE&limit=100";
                String deep = "/api/v1/tasks?limit=100&cursor=" + cursor;
                for (String page : List.of(byState, deep)) { // what is measured is a full page, not an error
                    int n = get(http, base + page).path("tasks").size();
                    if (n != 100) {
                        throw new WindlassException(ErrorCode.UNAVAILABLE, page + " returned " + n + " tasks, not 100");
                    }
                }
                try (KeepAliveHttp api = new KeepAliveHttp(server.address())) {
                    progress.phase("list by state");
                    measure(framework, "list_state", listRequests, () -> api.get(byState));
                    progress.phase("list deep with a cursor");
                    measure(framework, "list_deep", listRequests, () -> api.get(deep));
                    progress.phase("counts");
                    measure(framework, "counts", countRequests, () -> api.get("/api/v1/counts"));
                }
                progress.phase("raw etcd page reads");
                // the same pages: the state list's is the namespace's first page, the cursor's the deep one (on etcd
                // 3.4 a range with a limit still visits every key to the range's end, so where a page starts matters)
                measure(baseline, "first_page_read", listRequests, () -> rawPage(jetcd, null));
                measure(baseline, "deep_page_read", listRequests, () -> rawPage(jetcd, deepId));
            }
        } catch (Exception e) {
            throw e instanceof WindlassException w ? w
                    : new WindlassException(ErrorCode.UNAVAILABLE, "api bench: " + e.getMessage(), e);
        }
        double stateRatio = framework.path("list_state_p99_ms").asDouble(Double.NaN)
                / baseline.path("first_page_read_p99_ms").asDouble(Double.NaN);
        double deepRatio = framework.path("list_deep_p99_ms").asDouble(Double.NaN)
                / baseline.path("deep_page_read_p99_ms").asDouble(Double.NaN);
        double counts = framework.path("counts_p99_ms").asDouble(Double.NaN);
        Double ratio = Double.isFinite(stateRatio) && Double.isFinite(deepRatio) ? Math.max(stateRatio, deepRatio)
                : null;
        boolean met = ratio != null && ratio <= TARGET_LIST_RATIO && counts <= TARGET_COUNTS_P99_MS;
        framework.put("list_state_ratio", stateRatio).put("list_deep_ratio", deepRatio);
        notes.add("requests go over one keep-alive HTTP/1.1 connection of a minimal client (KeepAliveHttp): the JDK"
                + " HttpClient cost ~2 ms of CPU per request here, ten times a counts request's server work");
        notes.add("the list goes through TaskClient.page: one read-only txn of the page's key range from the cursor"
                + " (records, states, claims, commands); every kind is measured after " + WARM_UP + " unmeasured"
                + " requests (JIT, connections), the raw reads too; each list is compared with the raw read of the same"
                + " page (records and states of 100 ids from the same start key)");
        return new Result(name(), params, baseline, framework, ratio,
                "list p99 / raw read p99 of the same page (worst of the by-state first page and the deep page)",
                "list p99 <= " + TARGET_LIST_RATIO + "x raw; counts p99 <= " + TARGET_COUNTS_P99_MS + " ms", met,
                String.format("page reads p99 %.1f / %.1f ms", baseline.path("first_page_read_p99_ms").asDouble(),
                        baseline.path("deep_page_read_p99_ms").asDouble()),
                String.format("list p99 %.1f / %.1f ms, counts p99 %.2f ms",
                        framework.path("list_state_p99_ms").asDouble(), framework.path("list_deep_p99_ms").asDouble(),
                        counts), notes);
    }

    /**
     * Runs {@code call} {@link #WARM_UP} times unmeasured, then {@code n} times in a row; puts p50/p99/max and CPU ms
     * per request under {@code prefix}.
     */
    private static void measure(ObjectNode into, String prefix, int n, Call call) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        Stats stats = new Stats(n);
        long cpu0 = Machine.processCpuNanos();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.run();
            stats.add(System.nanoTime() - t0);
        }
        long cpu1 = Machine.processCpuNanos();
        stats.putInto(into, prefix);
        if (cpu0 >= 0) {
            Stats.put(into, prefix + "_cpu_ms_per_request", (cpu1 - cpu0) / 1e6 / n);
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.parse(url, r.body());
        if (r.statusCode() != 200 && !url.endsWith("/counts")) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, url + " answered " + r.statusCode() + ": " + r.body());
        }
        return body;
    }

    /** Task records and states of up to 100 ids from {@code fromId} on (null: the first), one read-only txn. */
    private static Object rawPage(Client jetcd, String fromId) throws Exception {
        String tail = fromId == null ? "" : fromId;
        GetOption taskPage = GetOption.builder().withRange(OptionsUtil.prefixEndOf(bytes("/" + NS + "/tasks/")))
                .withLimit(100).build();
        GetOption statePage = GetOption.builder().withRange(OptionsUtil.prefixEndOf(bytes("/" + NS + "/state/")))
                .withLimit(100).build();
        return jetcd.getKVClient().txn().Then(Op.get(bytes("/" + NS + "/tasks/" + tail), taskPage),
                Op.get(bytes("/" + NS + "/state/" + tail), statePage)).commit().get(30, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
