package io.windlass.cli.demo;

import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.embedded.InMemoryCluster;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: an {@link InMemoryCluster} on the real-time production scheduler, with one event thread
 * (FIFO, so events arrive in store order).
 */
final class MemoryBackend implements DemoBackend {
    private final ExecutorService events;
    private final InMemoryCluster cluster;
    private final TaskClient client;

    MemoryBackend(String namespace, Duration leaseTtl) {
        this.events = Executors.newSingleThreadExecutor(DaemonThreads.named("demo-store-events"));
        this.cluster = InMemoryCluster.builder(TaskScheduler.system(), events).namespace(namespace)
                .leaseTtl(leaseTtl).build();
        this.client = cluster.client();
    }

    @Override
    public Coordinator coordinator() {
        return cluster.coordinator();
    }

    @Override
    public TaskClient client() {
        return client;
    }

    @Override
    public String describe() {
        return "embedded in-memory coordinator";
    }

    @Override
    public void close() {
        client.close();
        events.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
