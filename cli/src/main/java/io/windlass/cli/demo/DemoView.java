package io.windlass.cli.demo;

import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.examples.handlers.StepData;
import io.windlass.statemachine.StateCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders one moment of the demo: as a full screen (ANSI redraw) or as one plain status line. Pure functions. */
final class DemoView {
    static final String CLEAR = "\033[H\033[2J";

    private DemoView() {
    }

    /** What the view shows. */
    record Snapshot(Duration elapsed, Duration total, List<NodeInfo> nodes, List<TaskView> tasks, double rate,
                    long transitions, List<String> events) {
    }

    static String plainLine(Snapshot s) {
        StringBuilder sb = new StringBuilder(prefix(s.elapsed())).append("nodes");
        for (NodeInfo n : s.nodes()) {
            sb.append(' ').append(n.nodeId()).append('=').append(n.claims());
        }
        sb.append(" | ");
        counts(s.tasks()).forEach((code, n) -> sb.append(code).append('=').append(n).append(' '));
        sb.append(String.format(Locale.ROOT, "| %.1f transitions/s", s.rate()));
        return sb.toString();
    }

    static String screen(Snapshot s) {
        StringBuilder sb = new StringBuilder(CLEAR);
        sb.append(String.format(Locale.ROOT, "Windlass demo — %ds of %ds — %.1f transitions/s (%d stored)%n%n",
                s.elapsed().toSeconds(), s.total().toSeconds(), s.rate(), s.transitions()));
        Map<String, List<TaskView>> byOwner = new TreeMap<>();
        for (NodeInfo n : s.nodes()) {
            byOwner.put(n.nodeId() + (n.draining() ? " (leaving)" : ""), new ArrayList<>());
        }
        List<TaskView> unowned = new ArrayList<>();
        for (TaskView t : s.tasks()) {
            String key = t.owner() == null ? null : byOwner.keySet().stream()
                    .filter(k -> k.equals(t.owner()) || k.startsWith(t.owner() + " ")).findFirst().orElse(null);
            if (key == null) {
                unowned.add(t);
            } else {
                byOwner.get(key).add(t);
            }
        }
        byOwner.forEach((node, tasks) -> {
            sb.append(String.format(Locale.ROOT, "%s — %d task(s)%n", node, tasks.size()));
            tasks.forEach(t -> sb.append(taskLine(t)));
        });
        sb.append(String.format(Locale.ROOT, "not running — %d task(s)%n", unowned.size()));
        unowned.forEach(t -> sb.append(taskLine(t)));
        sb.append(System.lineSeparator()).append("states: ");
        counts(s.tasks()).forEach((code, n) -> sb.append(code).append(' ').append(n).append("  "));
        sb.append(System.lineSeparator()).append(System.lineSeparator()).append("events:").append(System.lineSeparator());
        s.events().stream().skip(Math.max(0, s.events().size() - 8)).forEach(e -> sb.append("  ").append(e)
                .append(System.lineSeparator()));
        return sb.toString();
    }

    static Map<StateCode, Integer> counts(List<TaskView> tasks) {
        Map<StateCode, Integer> counts = new EnumMap<>(StateCode.class);
        for (TaskView t : tasks) {
            if (t.state() != null) {
                counts.merge(t.state().state().code(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static String prefix(Duration elapsed) {
        return String.format(Locale.ROOT, "[%4.1fs] ", elapsed.toMillis() / 1000.0);
    }

    private static String taskLine(TaskView t) {
        String state = t.state() == null ? "?" : t.state().state().code().name();
        String count = "";
        if (t.state() != null && t.state().state().data() != null) {
            try {
                count = "count " + StepData.from(t.state().state().data()).count();
            } catch (RuntimeException e) {
                count = "data " + t.state().state().data();
            }
        }
        return String.format(Locale.ROOT, "    %-14s %-9s %s%n", t.id(), state, count);
    }
}
