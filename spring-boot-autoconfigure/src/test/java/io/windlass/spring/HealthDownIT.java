package io.windlass.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code /actuator/health} follows etcd: Windlass UP, DOWN with reasons while etcd is stopped, UP once it is back. */
class HealthDownIT {
    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void windlassHealthTurnsDownWithEtcdStoppedAndUpWhenItReturns() throws Exception {
        try (ConfigurableApplicationContext app = Apps.start(WebApplicationType.SERVLET,
                new Class<?>[] {TestApp.class}, etcd.endpoints().get(0), "windlass.namespace=sb-health",
                "windlass.node-id=h1", "windlass.lease-ttl=4s", "windlass.request-timeout=3s",
                "management.endpoint.health.show-details=always")) {
            Http http = Http.of(app);
            Await.until("UP", Duration.ofSeconds(20), () -> http.get("/actuator/health").statusCode() == 200);

            etcd.kill(0);
            Await.until("DOWN while etcd is stopped", Duration.ofSeconds(30),
                    () -> http.get("/actuator/health").statusCode() == 503);
            var windlass = JSON.readTree(http.get("/actuator/health").body()).path("components").path("windlass");
            assertThat(windlass.path("status").asText()).isEqualTo("DOWN");
            assertThat(windlass.path("details").path("reasons").toString()).contains("sb-health@")
                    .contains("lease");

            etcd.restart(0);
            Await.until("UP again", Duration.ofSeconds(60), () -> http.get("/actuator/health").statusCode() == 200);
        }
    }
}
