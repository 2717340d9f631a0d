package io.windlass.spring;

import io.windlass.statemachine.StateCode;
import io.windlass.testing.harness.TaskHarness;
import io.windlass.testing.harness.TaskHarnessBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The documented way to test a Spring Boot application's handler beans without etcd (docs/spring-boot.md#testing):
 * start the context with {@code windlass.enabled=false}, hand its handler beans to a {@link TaskHarness} and run
 * hours of a task's life on virtual time in milliseconds.
 */
class HarnessWithSpringBeansTest {
    private final ConfigurableApplicationContext context = Apps.start(null, "windlass.enabled=false");
    private final TaskHarness harness = harness();

    private TaskHarness harness() {
        TaskHarnessBuilder builder = TaskHarness.builder();
        TaskHandlerBeans.byType(context).forEach(builder::register);
        return builder.build();
    }

    @AfterEach
    void close() {
        harness.close();
        context.close();
    }

    @Test
    void theApplicationsHandlerBeanRunsOnVirtualTime() {
        harness.submit("slow", "steps", Map.of("steps", 3, "intervalMs", Duration.ofHours(1).toMillis()));
        harness.assertTask("slow").isIn(StateCode.SLEEPING);
        harness.advance(Duration.ofHours(2));
        harness.assertTask("slow").isIn(StateCode.COMPLETED);
    }
}
