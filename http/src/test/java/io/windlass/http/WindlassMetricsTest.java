package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.etcd.EtcdObserver;
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
        l.claimAttempted("t1", "counter", "won", Duration.ofMillis(3), Duration.ofMillis(40));
        l.claimAttempted("t4", "counter", "lost", Duration.ofMillis(2), Duration.ofMillis(5));
        l.handlerStarted("t1", "counter", "onRunnable");
        assertThat(registry.get("windlass.handlers.active").gauge().value()).isEqualTo(1);
        l.handlerFinished("t1", "counter", "onRunnable", Duration.ofMillis(12), false);
        TaskCommand pause = new TaskCommand("c2", Command.pause(), Instant.now());
        TaskCommand kill = new TaskCommand("c3", Command.kill(), Instant.now());
        l.commandQueued("t1", pause);
        l.commandQueued("t1", kill);
        assertThat(registry.get("windlass.commands.pending").gauge().value()).isEqualTo(2);
        l.commandApplied("t1", pause);
        l.commandsDropped("t1", List.of(kill));
        l.fenceRejected("t2", "write refused");
        l.timerFired("t1", Duration.ofMillis(7));

        assertThat(registry.get("windlass.claims").tag("result", "won").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.transitions").tags("from", "RUNNABLE", "to", "SLEEPING", "command", "SLEEP")
                .tag("namespace", "ns1").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.commands.rejected").tag("kind", "PAUSE").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.tasks.released").tag("reason", "balancer").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.claims.lost").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.tasks.finished").tag("state", "COMPLETED").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.shutdown.overdue").counter().count()).isEqualTo(2);
        assertThat(registry.get("windlass.tasks.owned").gauge().value()).isEqualTo(2);
        assertThat(registry.get("windlass.claims").tags("type", "counter", "result", "lost").counter().count())
                .as("a lost race").isEqualTo(1);
        assertThat(registry.get("windlass.claim.latency").tag("result", "won").timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.failover.duration").tag("type", "counter").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("windlass.handler.duration").tags("type", "counter", "callback", "onRunnable",
                "result", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.handlers.active").gauge().value()).isZero();
        assertThat(registry.get("windlass.commands.pending").gauge().value()).isZero();
        assertThat(registry.get("windlass.commands").tags("kind", "PAUSE", "result", "applied").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("windlass.commands").tags("kind", "KILL", "result", "dropped").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("windlass.commands").tags("kind", "PAUSE", "result", "rejected").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("windlass.fence.rejections").counter().count()).isEqualTo(1);
        assertThat(registry.get("windlass.timer.lateness").timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.node.frozen").gauge().value()).isEqualTo(1);
        assertThat(registry.getMeters()).allMatch(m -> m.getId().getTags().stream()
                .noneMatch(t -> t.getValue().startsWith("t1") || t.getValue().startsWith("t2")));

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        l.taskClaimed("t9", 8);
        assertThat(registry.getMeters()).as("a closed binder registers nothing").isEmpty();
    }

    @Test
    void etcdObserverMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EtcdObserver o = WindlassMetrics.etcdObserver(registry, Tags.of("namespace", "ns1"));
        o.request("commit", "ok", Duration.ofMillis(4));
        o.request("commit", "timeout", Duration.ofSeconds(5));
        o.keepAlive(Duration.ofMillis(9), true);
        o.watchRestarted("silent");
        o.watchRestarted("silent");
        assertThat(registry.get("windlass.etcd.requests").tags("op", "commit", "result", "ok", "namespace", "ns1")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.etcd.requests").tags("result", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.lease.keepalive.lag").tag("result", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("windlass.watch.restarts").tag("reason", "silent").counter().count()).isEqualTo(2);
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
