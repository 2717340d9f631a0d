package io.windlass.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.examples.handlers.CounterProps;
import io.windlass.examples.handlers.FlakyProps;
import io.windlass.examples.handlers.ForeverProps;
import io.windlass.cli.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's task mix, scaled to its duration: half counters that would complete between 30 % and 120 % of the run
 * (so some are still running when nodes leave and join), a quarter flaky tasks (some fail for good), a quarter
 * monitors ({@code forever}). Ids are readable:
 * {@code counter-1}, {@code flaky-1}, {@code monitor-1}.
 */
final class DemoTasks {
    private DemoTasks() {
    }

    record Spec(String id, String type, JsonNode props) {
    }

    /** The pace of every task: a step every {@code duration / 40}, within 50 ms..1 s. */
    static Duration interval(Duration duration) {
        long ms = Math.max(50, Math.min(1000, duration.toMillis() / 40));
        return Duration.ofMillis(ms);
    }

    static List<Spec> mix(int count, Duration duration) {
        Duration interval = interval(duration);
        int monitors = Math.max(count >= 3 ? 2 : 0, count / 4);
        int flaky = count / 4;
        int counters = count - monitors - flaky;
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < counters; i++) {
            double share = 0.3 + 0.9 * (counters == 1 ? 0 : (double) i / (counters - 1));
            int steps = (int) Math.max(2, duration.toMillis() * share / interval.toMillis());
            specs.add(new Spec("counter-" + (i + 1), CounterProps.TYPE,
                    Json.MAPPER.valueToTree(new CounterProps(steps, interval))));
        }
        for (int i = 0; i < flaky; i++) {
            FlakyProps p = new FlakyProps(i == 0 ? 0.5 : 0.25, (int) Math.max(2, duration.toMillis() / 2 / interval.toMillis()),
                    interval, interval.multipliedBy(2), 3, 17L * (i + 1));
            specs.add(new Spec("flaky-" + (i + 1), FlakyProps.TYPE, Json.MAPPER.valueToTree(p)));
        }
        for (int i = 0; i < monitors; i++) {
            specs.add(new Spec("monitor-" + (i + 1), ForeverProps.TYPE,
                    Json.MAPPER.valueToTree(new ForeverProps(interval.multipliedBy(4)))));
        }
        return specs;
    }
}
