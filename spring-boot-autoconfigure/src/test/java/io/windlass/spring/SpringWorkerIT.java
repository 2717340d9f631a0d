package io.windlass.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.testing.etcd.EtcdExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application on real etcd: its handler bean runs submitted tasks, commands through the client bean
 * are applied, Actuator shows Windlass's health and info, the meters are on the application's registry, and the
 * {@code windlass.*} properties are bound.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "windlass.namespace=sb-worker", "windlass.node-id=app-1", "windlass.lease-ttl=10s",
        "windlass.worker.balance-interval=2s", "windlass.worker.shutdown-grace=5s",
        "management.endpoints.web.exposure.include=health,info",
        "management.endpoint.health.show-details=always", "management.info.env.enabled=false"})
class SpringWorkerIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void etcd(DynamicPropertyRegistry registry) {
        registry.add("windlass.etcd.endpoints", () -> ETCD.endpoints().get(0));
    }

    @Autowired
    TaskClient client;
    @Autowired
    WindlassWorker worker;
    @Autowired
    WindlassProperties properties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ConfigurableApplicationContext context;

    private StateCode state(String id) {
        return client.get(id).map(TaskView::state).map(s -> s.state().code()).orElse(null);
    }

    @Test
    void theHandlerBeanRunsASubmittedTaskToCompletion() {
        client.submit("done-1", "steps", JSON.valueToTree(Map.of("steps", 3, "intervalMs", 20)));
        Await.until("done-1 completed", Duration.ofSeconds(20), () -> state("done-1") == StateCode.COMPLETED);
        assertThat(client.get("done-1").orElseThrow().state().state().data().path("done").asInt()).isEqualTo(3);
    }

    @Test
    void commandsThroughTheClientBeanAreApplied() {
        client.submit("cmd-1", "steps", JSON.valueToTree(Map.of("steps", 100_000, "intervalMs", 200)));
        Await.until("cmd-1 owned by app-1", Duration.ofSeconds(20),
                () -> "app-1".equals(client.get("cmd-1").map(TaskView::owner).orElse(null)));
        client.command("cmd-1", Command.pause());
        Await.until("cmd-1 paused", Duration.ofSeconds(20), () -> state("cmd-1") == StateCode.PAUSED);
        client.command("cmd-1", Command.run());
        Await.until("cmd-1 running again", Duration.ofSeconds(20), () -> state("cmd-1") != StateCode.PAUSED);
        client.command("cmd-1", Command.kill());
        Await.until("cmd-1 killed", Duration.ofSeconds(20), () -> state("cmd-1") == StateCode.KILLED);
    }

    @Test
    void actuatorShowsWindlassUpWithItsNodeAndInfo() throws Exception {
        Http http = Http.of(context);
        Await.until("windlass UP", Duration.ofSeconds(20),
                () -> http.get("/actuator/health/windlass").statusCode() == 200);
        HttpResponse<String> health = http.get("/actuator/health");
        var windlass = JSON.readTree(health.body()).path("components").path("windlass");
        assertThat(windlass.path("status").asText()).isEqualTo("UP");
        assertThat(windlass.path("details").path("mode").asText()).isEqualTo("worker");
        assertThat(windlass.path("details").path("nodes").toString()).contains("app-1").contains("sb-worker@");

        var info = JSON.readTree(http.get("/actuator/info").body()).path("windlass");
        assertThat(info.path("mode").asText()).isEqualTo("worker");
        assertThat(info.path("nodes").get(0).path("nodeId").asText()).isEqualTo("app-1");
        assertThat(info.path("nodes").get(0).has("ownedTasks")).isTrue();
    }

    @Test
    void theMetersAreOnTheApplicationsRegistry() {
        client.submit("meter-1", "steps", JSON.valueToTree(Map.of("steps", 2, "intervalMs", 10)));
        Await.until("meter-1 completed", Duration.ofSeconds(20), () -> state("meter-1") == StateCode.COMPLETED);
        Await.until("transitions counted", Duration.ofSeconds(10), () -> meters.find("windlass.transitions")
                .tag("namespace", "sb-worker").counters().stream().mapToDouble(c -> c.count()).sum() >= 2);
        assertThat(meters.find("windlass.tasks.owned").tag("namespace", "sb-worker").gauge()).isNotNull();
        assertThat(meters.find("windlass.lease.valid").gauge().value()).isEqualTo(1.0);
        assertThat(meters.find("windlass.etcd.requests").timers()).isNotEmpty();
    }

    @Test
    void theWindlassPropertiesAreBound() {
        assertThat(properties.getLeaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.getWorker().getBalanceInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.getEtcd().getEndpoints()).containsExactly(ETCD.endpoints().get(0));
        assertThat(worker.nodes()).singleElement().satisfies(n -> {
            assertThat(n.nodeId()).isEqualTo("app-1");
            assertThat(n.namespace()).isEqualTo("sb-worker");
        });
        assertThat(worker.getPhase()).isEqualTo(Integer.MAX_VALUE - 1024);
    }
}
