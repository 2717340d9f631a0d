package io.windlass.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.windlass.etcd.EtcdObserver;
import java.time.Duration;

/**
 * The {@link EtcdObserver} of {@link WindlassMetrics#etcdObserver}: {@code windlass.etcd.requests} (op, result) and
 * {@code windlass.lease.keepalive.lag} (result) timers with histograms, the {@code windlass.watch.restarts} (reason)
 * counter. Thread-safe (Micrometer meters); never blocks.
 */
final class EtcdMeters implements EtcdObserver {
    private final MeterRegistry registry;
    private final Tags tags;

    EtcdMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public void request(String op, String result, Duration latency) {
        Timer.builder("windlass.etcd.requests").description("etcd requests of the coordinator").tags(tags)
                .tags("op", op, "result", result).publishPercentileHistogram().register(registry).record(latency);
    }

    @Override
    public void keepAlive(Duration lag, boolean ok) {
        Timer.builder("windlass.lease.keepalive.lag").description("lease keep-alive round trip (sent to answered)")
                .tags(tags).tags("result", ok ? "ok" : "failed").publishPercentileHistogram().register(registry)
                .record(lag);
    }

    @Override
    public void watchRestarted(String reason) {
        Counter.builder("windlass.watch.restarts").description("namespace watch restarts").tags(tags)
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public String toString() {
        return "EtcdMeters" + tags;
    }
}
