package io.windlass.http;

import io.windlass.testing.handlers.StepsHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.Consumer;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the dashboard's browser tests look at, on a real etcd: namespace {@code dash} with two real consumers (n1, n2)
 * running {@code steps} tasks, three COMPLETED tasks {@code f-1..3}, and servers for it (read-write with n1, read-only,
 * with a token, under a base path); namespace {@code paging} with 2,500 tasks no node runs, and its server.
 */
final class DashboardCluster implements AutoCloseable {
    static final int PAGED = 2_500;
    static final String TOKEN = "dashboard-test-token-0123456789";

    final EtcdConnection etcd;
    final EtcdTaskClient client;
    /** A namespace without consumers, for the paging walk (no node is offered its 2,500 tasks). */
    final EtcdTaskClient pagingClient;
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<WindlassHttpServer> servers = new ArrayList<>();
    final String url;
    final String readOnlyUrl;
    final String authUrl;
    final String baseUrl;
    final String pagingUrl;
    final HttpCalls api;

    DashboardCluster(String endpoint) throws Exception {
        etcd = EtcdConnection.open(endpoint);
        // generous: a cold start on a machine shared by several builds (the tests wait on the page, not on time)
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withLeaseTtl(Duration.ofSeconds(15))
                .withRequestTimeout(Duration.ofSeconds(20));
        client = EtcdTaskClient.create(etcd, "dash", settings);
        pagingClient = EtcdTaskClient.create(etcd, "paging", settings);
        HandlerRegistry handlers = HandlerRegistry.builder().register("steps", new StepsHandler()).build();
        EtcdCoordinator first = null;
        for (String node : List.of("n1", "n2")) {
            EtcdCoordinator coordinator = EtcdCoordinator.create(etcd, "dash", settings);
            first = first == null ? coordinator : first;
            Consumer c = Consumer.builder().nodeId(node).coordinator(coordinator).handlers(handlers).build();
            c.start();
            consumers.add(c);
        }
        url = serve(WindlassHttpServer.builder().client(client).consumer(consumers.get(0)).coordinator(first)) + "/";
        readOnlyUrl = serve(WindlassHttpServer.builder().client(client).readOnly(true)) + "/";
        authUrl = serve(WindlassHttpServer.builder().client(client).authToken(TOKEN)) + "/";
        baseUrl = serve(WindlassHttpServer.builder().client(client).basePath("/windlass")) + "/windlass";
        pagingUrl = serve(WindlassHttpServer.builder().client(pagingClient)) + "/";
        api = new HttpCalls(url.substring(0, url.length() - 1));
        submitIdle();
        for (int i = 1; i <= 3; i++) {
            client.submit("f-" + i, "steps", props(1, 0));
        }
        HttpCalls.await("f-* completed", Browser.WAIT, () ->
                api.get("/api/v1/counts").json().path("byState").path("COMPLETED").asInt() >= 3);
    }

    /** Tasks in a namespace no node runs: they stay RUNNABLE, a stable namespace to page through. */
    private void submitIdle() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < PAGED; i++) {
                String id = String.format("p-%04d", i);
                done.add(pool.submit(() -> pagingClient.submit(id, "idle", JsonNodeFactory.instance.objectNode())));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private String serve(HttpServerBuilder b) {
        WindlassHttpServer s = b.build().start();
        servers.add(s);
        return "http://127.0.0.1:" + s.address().getPort();
    }

    static JsonNode props(int steps, long intervalMs) {
        return JsonNodeFactory.instance.objectNode().put("steps", steps).put("intervalMs", intervalMs);
    }

    @Override
    public void close() throws InterruptedException {
        for (Consumer c : consumers) {
            c.shutdown();
        }
        for (Consumer c : consumers) {
            c.awaitTermination(Duration.ofSeconds(20));
        }
        servers.forEach(WindlassHttpServer::close);
        client.close();
        pagingClient.close();
        etcd.close();
    }
}
