package io.windlass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.examples.handlers.ExampleHandlers;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTasksTest {
    private final HandlerRegistry registry = ExampleHandlers.registry();

    @Test
    void theDefaultMixHasEveryTypeWithValidPropsAndUniqueIds() {
        List<DemoTasks.Spec> mix = DemoTasks.mix(12, Duration.ofSeconds(60));

        assertThat(mix).hasSize(12);
        assertThat(mix).extracting(DemoTasks.Spec::id).doesNotHaveDuplicates();
        assertThat(mix).filteredOn(s -> s.type().equals("counter")).hasSize(6);
        assertThat(mix).filteredOn(s -> s.type().equals("flaky")).hasSize(3);
        assertThat(mix).filteredOn(s -> s.type().equals("forever")).hasSize(3);
        mix.forEach(s -> ExampleHandlers.validateProps(registry, s.type(), s.props()));
    }

    @Test
    void tinyAndLargeMixesStayValid() {
        for (int n : new int[] {1, 2, 3, 5, 100}) {
            List<DemoTasks.Spec> mix = DemoTasks.mix(n, Duration.ofSeconds(3));
            assertThat(mix).as("n=%d", n).hasSize(n);
            mix.forEach(s -> ExampleHandlers.validateProps(registry, s.type(), s.props()));
        }
    }

    @Test
    void thePaceFollowsTheDurationWithinBounds() {
        assertThat(DemoTasks.interval(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(75));
        assertThat(DemoTasks.interval(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(50));
        assertThat(DemoTasks.interval(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(1));
    }
}
