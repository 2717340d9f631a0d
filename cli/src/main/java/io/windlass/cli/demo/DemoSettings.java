package io.windlass.cli.demo;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.Objects;

/**
 * What the demo runs.
 *
 * @param nodes     consumer nodes at start (1..16)
 * @param tasks     tasks submitted (1..1000)
 * @param duration  how long the demo runs (1 s..24 h)
 * @param etcd      etcd endpoint(s), or null for the embedded in-memory coordinator
 * @param namespace the task namespace
 * @param plain     line output (no screen control)
 */
public record DemoSettings(int nodes, int tasks, Duration duration, String etcd, String namespace, boolean plain) {
    public DemoSettings {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(namespace, "namespace");
        check(nodes >= 1 && nodes <= 16, "--nodes must be 1..16, was " + nodes);
        check(tasks >= 1 && tasks <= 1000, "--tasks must be 1..1000, was " + tasks);
        check(duration.compareTo(Duration.ofSeconds(1)) >= 0 && duration.compareTo(Duration.ofHours(24)) <= 0,
                "--duration must be 1s..24h, was " + duration);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, message);
        }
    }
}
