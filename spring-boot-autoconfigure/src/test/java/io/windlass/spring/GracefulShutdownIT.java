package io.windlass.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing an application drains its node in the graceful-shutdown phase, while the etcd connection is still open:
 * its tasks are released (not left to expire with the lease), so a second application takes them within the
 * takeover bound — far sooner than the 30 s lease TTL — and only then is the connection closed.
 */
class GracefulShutdownIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the probe saw when it stopped (the phase after the worker's), in order. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** Stops right after the worker's phase and records what it finds. */
    @Configuration(proxyBeanMethods = false)
    static class OrderProbe {
        @Bean
        SmartLifecycle windlassOrderProbe(ApplicationContext context) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override public void start() {
                    running = true;
                }

                @Override public void stop() {
                    running = false;
                    WindlassWorker worker = context.getBean(WindlassWorker.class);
                    WindlassConnections connections = context.getBean(WindlassConnections.class);
                    SEEN.add("after-worker-phase: nodes=" + worker.nodes().size() + " workerRunning="
                            + worker.isRunning() + " connectionsClosed=" + connections.isClosed());
                }

                @Override public boolean isRunning() {
                    return running;
                }

                @Override public int getPhase() {
                    return WindlassWorker.PHASE - 1;
                }
            };
        }
    }

    @Test
    void closingTheContextReleasesTheTasksAndAnotherApplicationTakesThemBeforeTheLeaseCouldExpire() {
        String[] props = {"windlass.namespace=sb-shutdown", "windlass.lease-ttl=30s",
                "windlass.worker.balance-interval=1h", "windlass.worker.shutdown-grace=5s",
                "windlass.worker.release-backoff=0s"};
        String etcd = ETCD.endpoints().get(0);
        ConfigurableApplicationContext a = Apps.start(WebApplicationType.NONE,
                new Class<?>[] {TestApp.class, OrderProbe.class}, etcd, with(props, "windlass.node-id=a"));
        ConfigurableApplicationContext b = null;
        try {
            TaskClient client = a.getBean(TaskClient.class);
            List<String> ids = IntStream.range(0, 6).mapToObj(i -> "long-" + i).toList();
            ids.forEach(id -> client.submit(id, "steps", JSON.valueToTree(Map.of("steps", 1_000_000,
                    "intervalMs", 500))));
            Await.until("a owns all six", Duration.ofSeconds(20), () -> ids.stream().allMatch(id -> "a".equals(
                    client.get(id).map(TaskView::owner).orElse(null))));
            b = Apps.start(etcd, with(props, "windlass.node-id=b"));
            TaskClient clientB = b.getBean(TaskClient.class);
            Consumer consumerA = a.getBean(WindlassWorker.class).nodes().get(0).consumer();
            WindlassConnections connectionsA = a.getBean(WindlassConnections.class);

            long closing = System.nanoTime();
            a.close();
            assertThat(consumerA.isTerminated()).as("a's consumer drained during close").isTrue();
            assertThat(SEEN).containsExactly("after-worker-phase: nodes=0 workerRunning=false connectionsClosed=false");
            assertThat(connectionsA.isClosed()).as("the connection is closed after the drain").isTrue();

            Await.until("b owns all six", Duration.ofSeconds(10), () -> ids.stream().allMatch(id -> "b".equals(
                    clientB.get(id).map(TaskView::owner).orElse(null))));
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("released, not expired (TTL 30 s)")
                    .isLessThan(Duration.ofSeconds(15));
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    private static String[] with(String[] props, String more) {
        String[] all = java.util.Arrays.copyOf(props, props.length + 1);
        all[props.length] = more;
        return all;
    }
}
