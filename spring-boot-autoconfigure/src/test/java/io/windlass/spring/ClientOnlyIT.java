package io.windlass.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code windlass.worker.enabled=false}: a {@code TaskClient} bean and no consumer. Tasks it submits wait for a
 * worker; its commands reach the worker application that runs them. With {@code windlass.http.enabled} it serves
 * the Windlass HTTP API of its namespace (like {@code windlass serve}).
 */
class ClientOnlyIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClientOnlyApplicationSubmitsAndCommandsWithoutRunningTasks() {
        String etcd = ETCD.endpoints().get(0);
        try (ConfigurableApplicationContext service = Apps.start(etcd, "windlass.namespace=sb-client",
                "windlass.worker.enabled=false", "windlass.http.enabled=true", "windlass.http.port=0")) {
            assertThat(service.getBeansOfType(WindlassWorker.class)).isEmpty();
            assertThat(service.getBeansOfType(HandlerRegistry.class)).isEmpty();
            TaskClient client = service.getBean(TaskClient.class);
            client.submit("wait-1", "steps", JSON.valueToTree(Map.of("steps", 1000, "intervalMs", 100)));
            assertThat(client.nodes()).as("no node registered").isEmpty();
            assertThat(client.get("wait-1").map(TaskView::owner)).isEmpty();
            assertThat(client.get("wait-1").orElseThrow().state().state().code()).isEqualTo(StateCode.RUNNABLE);
            Http api = new Http(service.getBean(WindlassHttpApi.class).address().getPort());
            assertThat(api.get("/api/v1/tasks/wait-1").body()).as("windlass.http serves the namespace")
                    .contains("\"wait-1\"").contains("RUNNABLE");

            try (ConfigurableApplicationContext worker = Apps.start(etcd, "windlass.namespace=sb-client",
                    "windlass.node-id=w1")) {
                assertThat(worker.getBean(WindlassWorker.class).nodes()).extracting(WindlassWorker.Node::nodeId)
                        .containsExactly("w1");
                Await.until("the worker claimed wait-1", Duration.ofSeconds(20),
                        () -> "w1".equals(client.get("wait-1").map(TaskView::owner).orElse(null)));
                client.command("wait-1", Command.pause());
                Await.until("paused by the client's command", Duration.ofSeconds(20),
                        () -> client.get("wait-1").orElseThrow().state().state().code() == StateCode.PAUSED);
            }
        }
    }
}
