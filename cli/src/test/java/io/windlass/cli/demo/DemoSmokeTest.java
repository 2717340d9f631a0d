package io.windlass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo runs end to end in plain mode on the embedded coordinator and its summary shows the tour happened. */
class DemoSmokeTest {

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aShortPlainDemoCompletesTasksMovesThemAndExitsZero() throws Exception {
        StringWriter text = new StringWriter();
        int exit = Demo.run(new DemoSettings(3, 12, Duration.ofSeconds(4), null, "demo-smoke", true),
                new PrintWriter(text, true));
        String out = text.toString();

        assertThat(exit).isZero();
        assertThat(out).doesNotContain("\033[").contains("summary after 4s on the embedded in-memory coordinator");
        assertThat(number(out, "tasks completed: (\\d+)")).as(out).isPositive();
        assertThat(number(out, "tasks moved between nodes: (\\d+)")).as(out).isPositive();
        assertThat(number(out, "killed: (\\d+)")).as(out).isEqualTo(1);
        assertThat(out).containsPattern("monitor-1: [A-Z]+ -PAUSE-> PAUSED").contains("monitor-1: PAUSED -RUN-> RUNNABLE")
                .containsPattern("monitor-2: [A-Z]+ -KILL-> KILLED").contains("leaves (graceful shutdown").contains("joined; asking every node");
        assertThat(number(out, "transitions stored: (\\d+)")).isGreaterThan(50);
    }
}
