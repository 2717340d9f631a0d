package io.windlass.http;

import io.windlass.testing.handlers.StepsHandler;
import static io.windlass.http.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.Consumer;
import io.windlass.etcd.EtcdConnection;
import io.windlass.etcd.EtcdCoordinator;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.etcd.EtcdTaskClient;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /health/ready} follows etcd: 503 with reasons while the only member is down, 200 again once it is back and
 * the node has re-joined; {@code /health/live} stays 200 throughout; a draining node is not ready.
 */
class ReadinessIT {
    @RegisterExtension
    final EtcdExtension etcdServer = EtcdExtension.builder().build();

    @Test
    void readinessFlipsWhenEtcdStopsAndReturns() throws InterruptedException {
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withLeaseTtl(Duration.ofSeconds(2));
        try (EtcdConnection etcd = EtcdConnection.open(etcdServer.endpoints().get(0));
             EtcdTaskClient client = EtcdTaskClient.create(etcd, "ready",
                     settings.withRequestTimeout(Duration.ofSeconds(1)))) {
            EtcdCoordinator coordinator = EtcdCoordinator.create(etcd, "ready", settings);
            Consumer consumer = Consumer.builder().nodeId("r1").coordinator(coordinator)
                    .handlers(HandlerRegistry.builder().register("steps", new StepsHandler()).build()).build();
            consumer.start();
            try (WindlassHttpServer server = WindlassHttpServer.builder().client(client).consumer(consumer)
                    .coordinator(coordinator).probeInterval(Duration.ofMillis(200)).closeWithConsumer(false)
                    .build().start()) {
                HttpCalls api = new HttpCalls("http://127.0.0.1:" + server.address().getPort());
                await("ready", Duration.ofSeconds(30), () -> api.get("/health/ready").status() == 200);

                etcdServer.kill(0);
                await("not ready while etcd is down", Duration.ofSeconds(30),
                        () -> api.get("/health/ready").status() == 503);
                JsonNode down = api.get("/health/ready").json();
                assertThat(down.path("status").asText()).isEqualTo("NOT_READY");
                assertThat(down.path("reasons").toString()).containsAnyOf("store does not answer", "lease",
                        "state watch");
                assertThat(api.get("/health/live").status()).as("liveness does not depend on etcd").isEqualTo(200);

                etcdServer.restart(0);
                await("ready again after etcd returned", Duration.ofSeconds(60),
                        () -> api.get("/health/ready").status() == 200);
                assertThat(api.get("/api/v1/counts").status()).isEqualTo(200);

                consumer.shutdown();
                await("not ready once draining", Duration.ofSeconds(10), () -> {
                    HttpCalls.Res r = api.get("/health/ready");
                    return r.status() == 503 && r.body().contains("draining");
                });
            } finally {
                consumer.shutdownNow();
                consumer.awaitTermination(Duration.ofSeconds(10));
            }
        }
    }
}
