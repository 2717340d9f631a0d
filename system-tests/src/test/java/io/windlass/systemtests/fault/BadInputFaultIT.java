package io.windlass.systemtests.fault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.etcd.jetcd.ByteSequence;
import io.windlass.consumer.client.TaskView;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.testing.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 12 (docs/guarantees.md): bad input against a running worker: malformed JSON in task, state and command keys,
 * an unknown state name, commands illegal for the task's state, an oversized command, a command of an unknown kind,
 * two clients racing to submit the same id, keys that match no layout, bytes that are not UTF-8 (in a key, a task
 * record and a command), a task record over the size limit written past the client, absurd timers. Each gets a clear
 * error (client side) or a quarantine with the raw bytes kept (stored side); other tasks keep running; nothing is
 * silently deleted; the worker never crashes.
 */
class BadInputFaultIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    private Cluster cluster;

    private void put(String key, String value) throws Exception {
        cluster.probe.client().getKVClient().put(EtcdProbe.bytes(key),
                ByteSequence.from(value, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }

    private void put(byte[] key, byte[] value) throws Exception {
        cluster.probe.client().getKVClient().put(ByteSequence.from(key), ByteSequence.from(value))
                .get(10, TimeUnit.SECONDS);
    }

    /** {@code text} as UTF-8 with the bytes of {@code marker} replaced by an invalid sequence (0xC3 0x28). */
    private static byte[] invalidUtf8(String text, String marker) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        b[at] = (byte) 0xC3;
        b[at + 1] = (byte) 0x28;
        return b;
    }

    private static String record(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"counter\",\"props\":{\"steps\":3},\"created\":\"" + Instant.now()
                + "\"}";
    }

    private static String state(String inner) {
        return "{\"fence\":0,\"node\":\"\",\"updated\":\"" + Instant.now() + "\",\"state\":" + inner + "}";
    }

    private static String command(String id, String inner) {
        return "{\"id\":\"" + id + "\",\"command\":" + inner + ",\"sent\":\"" + Instant.now() + "\"}";
    }

    @Test
    void badInputGetsAClearErrorOrQuarantineAndOtherTasksKeepRunning() throws Exception {
        cluster = workers.open(ETCD.endpoints(), "bad", Duration.ofSeconds(2));
        workers.start("w1");
        cluster.awaitNodes(Set.of("w1"), Duration.ofSeconds(60), workers);
        List<String> steered = cluster.submitCounters("s", 2, 1000, "1h");
        cluster.awaitCodes(steered, Set.of("SLEEPING"), Duration.ofSeconds(60), workers);

        // stored bad input, written behind the client's back (raw bytes)
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put(cluster.probe.key("tasks", "bad-record"), "{\"id\":\"bad-record\",\"type\":");
        raw.put(cluster.probe.key("state", "bad-record"), state("{\"code\":\"RUNNABLE\",\"errors\":[],\"version\":0}"));
        raw.put(cluster.probe.key("tasks", "bad-state"), record("bad-state"));
        raw.put(cluster.probe.key("state", "bad-state"), "{\"state\": nope");
        raw.put(cluster.probe.key("tasks", "unknown-code"), record("unknown-code"));
        raw.put(cluster.probe.key("state", "unknown-code"), state("{\"code\":\"SNOOZING\",\"errors\":[],\"version\":0}"));
        raw.put(cluster.probe.key("tasks", "absurd-until"), record("absurd-until"));
        raw.put(cluster.probe.key("state", "absurd-until"),
                state("{\"code\":\"SLEEPING\",\"until\":\"9999-01-01T00:00:00Z\",\"errors\":[],\"version\":1}"));
        // keys of the namespace that match no layout
        raw.put("/bad/whatever/x", "foreign");
        raw.put(cluster.probe.key("tasks", "a/b"), "nested id");
        raw.put(cluster.probe.key("commands", "s0"), "command without an id");
        for (Map.Entry<String, String> e : raw.entrySet()) {
            put(e.getKey(), e.getValue());
        }
        // bytes that are not UTF-8 (in a key and in values), an oversized record written past the client
        Map<byte[], byte[]> bytes = new LinkedHashMap<>();
        bytes.put(invalidUtf8(cluster.probe.key("tasks", "utf8-key-XX"), "XX"), record("x").getBytes(UTF_8));
        bytes.put(cluster.probe.key("tasks", "bad-utf8").getBytes(UTF_8), invalidUtf8(record("bad-utf8"), "un"));
        bytes.put(cluster.probe.key("state", "bad-utf8").getBytes(UTF_8),
                state("{\"code\":\"RUNNABLE\",\"errors\":[],\"version\":0}").getBytes(UTF_8));
        String big = record("big-props").replace("\"steps\":3", "\"steps\":3,\"pad\":\"" + "p".repeat(70_000) + "\"");
        bytes.put(cluster.probe.key("tasks", "big-props").getBytes(UTF_8), big.getBytes(UTF_8));
        bytes.put(cluster.probe.key("state", "big-props").getBytes(UTF_8),
                state("{\"code\":\"RUNNABLE\",\"errors\":[],\"version\":0}").getBytes(UTF_8));
        bytes.put(cluster.probe.key("commands", "s0/c-utf8").getBytes(UTF_8),
                invalidUtf8(command("c-utf8", "{\"kind\":\"PAUSE\"}"), "PA"));
        for (Map.Entry<byte[], byte[]> e : bytes.entrySet()) {
            put(e.getKey(), e.getValue());
        }
        // commands for a running task: malformed, oversized garbage, absurd timer, illegal for its state (raw),
        // of a kind no version knows
        put(cluster.probe.key("commands", "s0/c-unknown"), command("c-unknown", "{\"kind\":\"EXPLODE\"}"));
        put(cluster.probe.key("commands", "s0/c-malformed"), "{\"id\":\"c-malformed\",\"command\":{\"kind\":");
        put(cluster.probe.key("commands", "s0/c-huge"), "x".repeat(200_000));
        put(cluster.probe.key("commands", "s0/c-absurd"),
                command("c-absurd", "{\"kind\":\"SLEEP\",\"until\":\"9999-01-01T00:00:00Z\"}"));
        put(cluster.probe.key("commands", "s1/c-illegal"), command("c-illegal", "{\"kind\":\"COMPLETE\"}"));

        // client-side bad input: clear errors
        assertThatThrownBy(() -> Command.sleepUntil(Instant.parse("9999-01-01T00:00:00Z")))
                .isInstanceOf(WindlassException.class).hasMessageContaining("9999");
        assertThatThrownBy(() -> Command.sleepUntil(Instant.EPOCH.minusSeconds(1)))
                .isInstanceOf(WindlassException.class);
        assertThatThrownBy(() -> cluster.client.command("s1", Command.complete())) // SLEEPING: COMPLETE is illegal
                .isInstanceOf(WindlassException.class)
                .satisfies(e -> assertThat(((WindlassException) e).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        assertThatThrownBy(() -> cluster.client.command("no-such-task", Command.pause()))
                .isInstanceOf(WindlassException.class)
                .satisfies(e -> assertThat(((WindlassException) e).code()).isEqualTo(ErrorCode.TASK_NOT_FOUND));
        assertThatThrownBy(() -> cluster.client.submit("bad id with spaces", "counter",
                JsonNodeFactory.instance.objectNode())).isInstanceOf(WindlassException.class);

        // two clients racing to submit the same ids with different props: exactly one wins each, the other gets
        // DUPLICATE_TASK (an identical record would be an idempotent retry and succeed for both)
        Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            String interval = (100 + r) + "ms";
            racers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 10; i++) {
                    String id = "race" + i;
                    try {
                        barrier.await(10, TimeUnit.SECONDS);
                        cluster.client.submit(id, "counter", JsonNodeFactory.instance.objectNode()
                                .put("steps", 3).put("interval", interval));
                        outcomes.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add("ok");
                    } catch (WindlassException e) {
                        outcomes.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(e.code().name());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            assertThat(outcomes.get("race" + i)).as("race" + i).containsExactlyInAnyOrder("ok", "DUPLICATE_TASK");
            cluster.expected.put("race" + i, "COMPLETED");
        }

        // other tasks keep running: fresh counters complete, and the steered task still takes commands
        List<String> good = cluster.submitCounters("g", 5, 5, "100ms");
        List<String> all = new ArrayList<>(good);
        cluster.expected.keySet().stream().filter(id -> id.startsWith("race")).forEach(all::add);
        cluster.awaitCodes(all, Set.of("COMPLETED"), Duration.ofSeconds(60), workers);
        cluster.client.command("s0", Command.pause());
        cluster.client.command("s1", Command.pause());
        cluster.awaitCodes(steered, Set.of("PAUSED"), Duration.ofSeconds(30), workers);

        // bad stored tasks: never claimed, shown as quarantined, raw bytes untouched
        for (String id : List.of("bad-record", "bad-state", "unknown-code", "absurd-until", "bad-utf8", "big-props")) {
            assertThat(cluster.probe.get(cluster.probe.key("claims", id))).as(id + " claimed").isEmpty();
            TaskView view = cluster.client.get(id).orElseThrow();
            assertThat(view.quarantine()).as(id + " quarantine").isNotNull();
            assertThat(view.quarantine().raw()).as(id + " raw bytes").isNotEmpty();
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            assertThat(cluster.probe.get(e.getKey()).map(kv -> EtcdProbe.text(kv.getValue())))
                    .as("raw bytes of " + e.getKey()).contains(e.getValue());
        }
        for (Map.Entry<byte[], byte[]> e : bytes.entrySet()) {
            String key = new String(e.getKey(), UTF_8);
            if (key.endsWith("c-utf8")) {
                continue; // a command: moved aside (below)
            }
            assertThat(cluster.probe.client().getKVClient().get(ByteSequence.from(e.getKey())).get(10, TimeUnit.SECONDS)
                    .getKvs()).as("raw bytes of " + key).singleElement()
                    .satisfies(kv -> assertThat(kv.getValue().getBytes()).isEqualTo(e.getValue()));
        }
        assertThat(cluster.client.get("big-props").orElseThrow().quarantine().reason()).contains("over the limit");
        // bad commands: moved aside with their raw bytes; the illegal one acknowledged and visibly rejected
        Await.until("bad commands handled", Duration.ofSeconds(30),
                () -> cluster.probe.list("commands").stream().map(kv -> EtcdProbe.text(kv.getKey()))
                        .allMatch(k -> k.equals(cluster.probe.key("commands", "s0"))), () -> workers.tails(20));
        List<String> quarantined = cluster.probe.list("quarantine").stream()
                .map(kv -> EtcdProbe.text(kv.getKey())).toList();
        assertThat(quarantined).as("quarantined commands").anyMatch(k -> k.endsWith("s0/c-malformed"))
                .anyMatch(k -> k.endsWith("s0/c-huge")).anyMatch(k -> k.endsWith("s0/c-absurd"))
                .anyMatch(k -> k.endsWith("s0/c-unknown")).anyMatch(k -> k.endsWith("s0/c-utf8"));
        assertThat(cluster.probe.list("quarantine").stream().filter(kv -> EtcdProbe.text(kv.getKey())
                .endsWith("c-huge")).findFirst().orElseThrow().getValue().size()).isEqualTo(200_000);
        assertThat(workers.get("w1").lines()).as("the illegal command is rejected visibly")
                .anyMatch(l -> l.contains("rejected task=s1") && l.contains("COMPLETE"));
        assertThat(workers.get("w1").isAlive()).isTrue();
        assertThat(workers.log().errors()).as("worker errors").isEmpty();
        FencingLedger ledger = FencingLedger.read(cluster.probe, all);
        ledger.assertHolds();
    }
}
