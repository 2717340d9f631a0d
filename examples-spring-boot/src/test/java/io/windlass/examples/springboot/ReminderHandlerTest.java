package io.windlass.examples.springboot;

import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.client.TaskClient;
import io.windlass.spring.TaskHandlerBeans;
import io.windlass.testing.harness.TaskHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application on the harness, without etcd: {@code windlass.enabled=false} turns the auto-configuration
 * off, the harness's in-memory {@link TaskClient} stands in for the etcd one, and the application's handler beans run
 * on virtual time — a week of reminders in milliseconds, driven through the application's own {@link Reminders}.
 */
class ReminderHandlerTest {
    private final TaskHarness harness = TaskHarness.builder().build();
    private final ConfigurableApplicationContext app = new SpringApplicationBuilder(RemindersApplication.class)
            .web(WebApplicationType.NONE).properties("windlass.enabled=false", "spring.main.banner-mode=off")
            .initializers(c -> c.getBeanFactory().registerSingleton("taskClient", harness.client()))
            .run();

    ReminderHandlerTest() {
        TaskHandlerBeans.byType(app).forEach(harness::register);
    }

    @AfterEach
    void close() {
        app.close();
        harness.close();
    }

    @Test
    void remindsDailyForAWeekThenCompletes() {
        app.getBean(Reminders.class).schedule("r1", "ops@example.com", 7, Duration.ofDays(1));
        harness.runUntilIdle().assertTask("r1").isIn(SLEEPING);
        harness.advance(Duration.ofDays(6));
        harness.assertTask("r1").isIn(COMPLETED);
        assertThat(harness.state("r1").data().path("sent").asInt()).isEqualTo(7);
    }

    @Test
    void aCancelledReminderStops() {
        Reminders reminders = app.getBean(Reminders.class);
        reminders.schedule("r2", "ops@example.com", 7, Duration.ofDays(1));
        harness.advance(Duration.ofDays(2));
        reminders.cancel("r2");
        harness.runUntilIdle().assertTask("r2").isIn(KILLED);
        assertThat(harness.state("r2").data().path("sent").asInt()).isEqualTo(3);
    }
}
