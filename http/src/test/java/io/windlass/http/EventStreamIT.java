package io.windlass.http;

import static io.windlass.http.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.testing.etcd.EtcdExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/events} on real etcd: events, heartbeats, resume with Last-Event-ID, reload, the cap, auth. */
class EventStreamIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "events-token-0123456789";

    @Test
    void streamsResumesCapsAndNeedsAuth() throws Exception {
        try (EtcdConnection etcd = EtcdConnection.open(ETCD.endpoints().get(0));
             EtcdTaskClient client = EtcdTaskClient.create(etcd, "events", EtcdCoordinatorSettings.defaults());
             WindlassHttpServer server = WindlassHttpServer.builder().client(client).authToken(TOKEN)
                     .maxEventStreams(2).eventHeartbeat(Duration.ofMillis(200)).build().start()) {
            URI events = URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/v1/events");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(events).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            Reader a = Reader.open(http, events, null);
            assertThat(a.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            client.submit("e-1", "t", JsonNodeFactory.instance.objectNode());
            Frame first = a.next("state");
            assertThat(first.data.get("id").asText()).isEqualTo("e-1");
            assertThat(first.data.get("to").asText()).isEqualTo("RUNNABLE");
            assertThat(first.data.get("from").isNull()).isTrue();
            assertThat(first.id).isEqualTo(first.data.get("revision").asText());
            await("a heartbeat comment", WAIT, () -> a.lines.contains(": keep-alive"));
            a.close();
            await("the closed stream released", WAIT, () -> open(server) == 0);

            client.submit("e-2", "t", JsonNodeFactory.instance.objectNode());
            client.delete("e-1");
            Reader b = Reader.open(http, events, first.id);
            Frame missed1 = b.next("state");
            Frame missed2 = b.next("state");
            assertThat(missed1.data.get("id").asText()).isEqualTo("e-2");
            assertThat(missed2.data.get("id").asText()).isEqualTo("e-1");
            assertThat(missed2.data.get("to").isNull()).isTrue();
            assertThat(Long.parseLong(missed1.id)).isGreaterThan(Long.parseLong(first.id));
            assertThat(Long.parseLong(missed2.id)).isGreaterThan(Long.parseLong(missed1.id));

            Reader c = Reader.open(http, events, "999999999");
            assertThat(c.next("reload").data.get("reason").asText()).contains("999999999");
            client.submit("e-3", "t", JsonNodeFactory.instance.objectNode());
            assertThat(c.next("state").data.get("id").asText()).isEqualTo("e-3");
            assertThat(b.next("state").data.get("id").asText()).isEqualTo("e-3");

            HttpResponse<String> refused = http.send(authorized(events).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(HttpCalls.MAPPER.readTree(refused.body()).at("/error/code").asText()).isEqualTo("STREAMS_FULL");
            b.close();
            c.close();
            await("both streams released", WAIT, () -> open(server) == 0);
            Reader d = Reader.open(http, events, null);
            assertThat(d.response.statusCode()).isEqualTo(200);
            d.close();
            await("d released", WAIT, () -> open(server) == 0);

            ETCD.compact(ETCD.currentRevision()); // the revision of e-1's submit is gone now
            Reader e = Reader.open(http, events, first.id);
            assertThat(e.next("reload").data.get("reason").asText()).contains(first.id);
            client.submit("e-4", "t", JsonNodeFactory.instance.objectNode());
            assertThat(e.next("state").data.get("id").asText()).isEqualTo("e-4");
            e.close();
        }
    }

    private static double open(WindlassHttpServer server) {
        return server.meterRegistry().get("windlass.http.event.streams").gauge().value();
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(WAIT).header("Authorization", "Bearer " + TOKEN);
    }

    /** One parsed event. */
    private record Frame(String id, String event, JsonNode data) {
    }

    /** A stream read line by line on its own thread. */
    private static final class Reader implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        private Reader(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.thread = new Thread(() -> {
                try {
                    response.body().forEach(l -> {
                        lines.add(l);
                        queue.add(l);
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            }, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        }

        static Reader open(HttpClient http, URI uri, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> r = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            return new Reader(r);
        }

        /** The next frame of {@code event}, skipping comments and other events; fails after the wait. */
        Frame next(String event) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String id = null;
            String type = null;
            String data = null;
            while (true) {
                String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(line).as("a '%s' event within %s", event, WAIT).isNotNull();
                if (line.isEmpty()) {
                    if (event.equals(type)) {
                        return new Frame(id, type, HttpCalls.MAPPER.readTree(data));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
        }

        @Override
        public void close() {
            response.body().close();
            thread.interrupt();
        }
    }
}
