package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.NodeInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded pool: past its threads and queue a request gets 503 BUSY at once instead of waiting or piling up. */
class ConcurrencyCapTest {
    @Test
    void requestsPastTheCapGetBusyAtOnce() throws Exception {
        BlockingClient client = new BlockingClient();
        try (WindlassHttpServer server = WindlassHttpServer.builder().client(client).maxConcurrentRequests(1)
                .build().start()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI nodes = URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/v1/nodes");
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // 1 running + 2 queued fit; the others must be refused
                calls.add(http.sendAsync(HttpRequest.newBuilder(nodes).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            HttpCalls.await("a BUSY reply while the pool is full", Duration.ofSeconds(20),
                    () -> calls.stream().anyMatch(c -> c.isDone() && c.join().statusCode() == 503));
            assertThat(client.blocked.get()).isEqualTo(1);
            client.release.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get(30, TimeUnit.SECONDS);
                statuses.add(r.statusCode());
                if (r.statusCode() == 503) {
                    assertThat(r.body()).contains("\"BUSY\"");
                }
            }
            assertThat(statuses).contains(200, 503).containsOnly(200, 503);
        }
    }

    /** A client whose {@code nodes()} waits until released; nothing else is called. */
    private static final class BlockingClient extends NodesOnlyClient {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger blocked = new AtomicInteger();

        @Override
        public List<NodeInfo> nodes() {
            blocked.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            blocked.decrementAndGet();
            return List.of();
        }
    }
}
