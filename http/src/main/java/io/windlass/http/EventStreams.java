package io.windlass.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Gauge;
import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the task state changes as Server-Sent Events ({@code event: state}, {@code id:} = the
 * etcd revision of the change, data {@code {"id","from","to","revision"}}), from {@link
 * io.windlass.consumer.client.TaskClient#watchStates}. A {@code Last-Event-ID} header resumes after that revision;
 * when the store cannot (compacted, not reached, a client that cannot resume) the stream starts with {@code event:
 * reload} — the reader refetches what it shows — and continues live. At most {@code maxEventStreams} streams are
 * open (more get 503 STREAMS_FULL); each holds one thread of this class's own pool (never one of the request pool)
 * and a bounded buffer: a client that falls {@value #BUFFER} events behind is dropped (it reconnects and resumes). A
 * comment line every {@code eventHeartbeat} keeps proxies from closing an idle stream and finds dead clients.
 *
 * <p>Threads: {@link #open} runs on a request thread; changes arrive on the client's watch thread and only enter a
 * stream's queue; each stream's writer runs on this pool. Thread-safe.
 */
final class EventStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    static final int BUFFER = 1000;
    private static final String HEARTBEAT = ": keep-alive\n\n";

    private final ServerConfig config;
    private final Semaphore permits;
    private final ExecutorService writers;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStreams(ServerConfig config) {
        this.config = config;
        this.permits = new Semaphore(config.maxEventStreams());
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(config.maxEventStreams(), r -> {
            Thread t = new Thread(r, "windlass-http-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("windlass.http.event.streams", open, Set::size).description("open event streams")
                .tags(config.tags()).register(config.registry());
    }

    List<Route> routes() {
        return List.of(Route.get("/api/v1/events", "/api/v1/events", this::open));
    }

    /** Starts a stream on {@code call}'s exchange and answers {@link Reply#STREAMED}; 503 STREAMS_FULL over the cap. */
    private Reply open(Call call) throws IOException {
        if (closed || !permits.tryAcquire()) {
            throw new ApiError(503, "STREAMS_FULL", "too many open event streams (at most "
                    + config.maxEventStreams() + "); poll instead");
        }
        HttpExchange ex = call.exchange();
        Stream stream = new Stream(ex);
        try {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            stream.subscribe(last == null || last.isBlank() ? null : last.strip());
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("X-Accel-Buffering", "no");
            ex.sendResponseHeaders(200, 0);
            open.add(stream);
            writers.execute(stream::write);
            return Reply.STREAMED;
        } catch (IOException | RuntimeException e) {
            open.remove(stream);
            stream.stop();
            permits.release();
            if (e instanceof RejectedExecutionException) {
                throw new ApiError(503, "STREAMS_FULL", "the server is closing");
            }
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        open.forEach(Stream::stop);
        writers.shutdownNow();
    }

    /** One client's stream: a watch feeding a bounded queue of frames, drained by its writer. */
    private final class Stream {
        private final HttpExchange exchange;
        private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(BUFFER);
        private volatile Subscription subscription;
        private volatile String ended;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Watches from {@code lastEventId} + 1, or from now (after a reload event) when that is not possible. */
        void subscribe(String lastEventId) {
            if (lastEventId != null) {
                long after = -1;
                try {
                    after = Long.parseLong(lastEventId);
                } catch (NumberFormatException e) {
                    // not one of ours: reload below
                }
                try {
                    if (after >= 1) {
                        subscribed(config.client().watchStates(after, this::changed, this::failed));
                        return;
                    }
                } catch (WindlassException e) {
                    if (e.code() != ErrorCode.INVALID_ARGUMENT && e.code() != ErrorCode.ILLEGAL_STATE) {
                        throw e;
                    }
                    LOG.debug("event stream: no resume after {}: {}", lastEventId, e.getMessage());
                }
                queue.add(reload("cannot resume after event " + lastEventId));
            }
            subscribed(config.client().watchStates(this::changed, this::failed));
        }

        private void subscribed(Subscription s) {
            subscription = s;
            if (ended != null) {
                s.close(); // ended before the watch call returned
            }
        }

        private void changed(StateChange c) {
            if (ended == null && !queue.offer(frame(c))) {
                end("the client fell " + BUFFER + " events behind");
            }
        }

        private void failed(WindlassException e) {
            end("the state watch failed: " + e.getMessage());
        }

        private void end(String why) {
            if (ended == null) {
                ended = why;
                queue.clear();
                Subscription s = subscription;
                if (s != null) {
                    s.close();
                }
                queue.offer(""); // wakes the writer
            }
        }

        void stop() {
            end("the server is closing");
        }

        void write() {
            long heartbeat = config.eventHeartbeat().toMillis();
            try (OutputStream out = exchange.getResponseBody()) {
                send(out, "retry: 2000\n\n");
                while (ended == null) {
                    String frame = queue.poll(heartbeat, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (ended == null) {
                        send(out, frame == null ? HEARTBEAT : frame);
                    }
                }
                LOG.debug("event stream to {} ended: {}", exchange.getRemoteAddress(), ended);
            } catch (IOException e) {
                LOG.debug("event stream to {} closed: {}", exchange.getRemoteAddress(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                end("closed");
                open.remove(this);
                exchange.close();
                permits.release();
            }
        }

        private static void send(OutputStream out, String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String frame(StateChange c) {
        ObjectNode n = Json.object();
        n.put("id", c.taskId());
        n.put("from", name(c.before()));
        n.put("to", name(c.after()));
        n.put("revision", c.revision());
        return "id: " + c.revision() + "\nevent: state\ndata: " + new String(Json.bytes(n), StandardCharsets.UTF_8)
                + "\n\n";
    }

    private static String reload(String reason) {
        ObjectNode n = Json.object();
        n.put("reason", reason);
        return "event: reload\ndata: " + new String(Json.bytes(n), StandardCharsets.UTF_8) + "\n\n";
    }

    private static String name(StoredState s) {
        return s == null ? null : s.state().code().name();
    }
}
