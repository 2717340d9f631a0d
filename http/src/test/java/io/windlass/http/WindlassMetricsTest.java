package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The binder without a server: listener events become bounded meters on any registry; close removes them. */
class WindlassMetricsTest {
    @Test
    void listenerEventsBecomeMeters() {
        FakeConsumer consumer = new FakeConsumer();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WindlassMetrics metrics = WindlassMetrics.bind(consumer, registry, Tags.of("namespace", "ns1"));
        ConsumerListener l = consumer.listener;
        l.taskClaimed("t1", 7);
        l.transitionStored("t1", new Transition(Instant.now(), StateCode.RUNNABLE, CommandKind.SLEEP,
                StateCode.SLEEPING, 1), TaskState.initial());
        l.commandRejected("t1", new TaskCommand("c1", Command.pause(), Instant.now()), "finished");
        l.taskReleased("t1", "balancer");
        l.claimLost("t2", "fence lost");
        l.taskFinished("t3", StateCode.COMPLETED);
        l.shutdownOverdue(Set.of("a", "b"));

        assertThat(registry.get("windlass.claims").tag("result", "won").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.transitions").tags("from", "RUNNABLE", "to", "SLEEPING", "command", "SLEEP")
                .tag("namespace", "ns1").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.commands.rejected").tag("kind", "PAUSE").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.tasks.released").tag("reason", "balancer").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.claims.lost").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.tasks.finished").tag("state", "COMPLETED").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.shutdown.overdue").counter().count()).isEqualTo(2);
        assertThat(registry.get("windlass.tasks.owned").gauge().value()).isEqualTo(2);
        assertThat(registry.get("windlass.node.frozen").gauge().value()).isEqualTo(1);
        assertThat(registry.getMeters()).allMatch(m -> m.getId().getTags().stream()
                .noneMatch(t -> t.getValue().startsWith("t1") || t.getValue().startsWith("t2")));

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        l.taskClaimed("t9", 8);
        assertThat(registry.getMeters()).as("a closed binder registers nothing").isEmpty();
    }

    /** Just enough of a consumer for the binder. */
    private static final class FakeConsumer implements Consumer {
        ConsumerListener listener;

        @Override public String nodeId() { return "n1"; }
        @Override public void start() { }
        @Override public void shutdown() { }
        @Override public List<String> shutdownNow() { return List.of(); }
        @Override public boolean awaitTermination(Duration timeout) { return true; }
        @Override public boolean isShutdown() { return false; }
        @Override public boolean isTerminated() { return false; }
        @Override public Set<String> ownedTasks() { return Set.of("x", "y"); }
        @Override public boolean isFrozen() { return true; }
        @Override public void addListener(ConsumerListener l) { listener = l; }
        @Override public Set<String> overdueTasks() { return Set.of(); }
    }
}
