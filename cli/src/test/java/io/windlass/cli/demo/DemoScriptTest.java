package io.windlass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoScriptTest {
    @Test
    void stepsComeDueInOrderAndEachOnlyOnce() {
        Runnable nothing = () -> { };
        DemoScript script = new DemoScript().add(0.5, "b", nothing).add(0.2, "a", nothing).add(0.9, "c", nothing);

        assertThat(script.due(0.1)).isEmpty();
        assertThat(script.due(0.6)).extracting(DemoScript.Step::name).containsExactly("a", "b");
        assertThat(script.due(0.6)).isEmpty();
        assertThat(script.due(1.0)).extracting(DemoScript.Step::name).containsExactly("c");
    }
}
