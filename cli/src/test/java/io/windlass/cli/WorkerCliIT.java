package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.cli.worker.Worker;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI steering tasks that two in-JVM worker nodes run on a real etcd. */
class WorkerCliIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    private static int runs;

    private final String namespace = "worker-it-" + (++runs);
    private final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void startWorkers() {
        for (String node : List.of("w1", "w2")) {
            workers.add(Worker.start(new Worker.Settings(ETCD.endpoints().get(0), namespace, node,
                    Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5))));
        }
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(Worker::stop);
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--etcd";
        all[args.length + 1] = ETCD.endpoints().get(0);
        all[args.length + 2] = "--namespace";
        all[args.length + 3] = namespace;
        return CliRun.run(EtcdStoreConnection.FACTORY, all);
    }

    private JsonNode show(String id) {
        CliRun r = run("show", id, "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return Json.parse("show", r.out());
    }

    /** Polls {@code show} (an observable state) every 50 ms until {@code condition} holds or 20 s pass. */
    private JsonNode awaitTask(String id, String what, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = show(id);
        while (!condition.test(last)) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for %s; last: %s", what, last).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            last = show(id);
        }
        return last;
    }

    private int totalClaims() {
        JsonNode nodes = Json.parse("nodes", run("nodes", "--json").out()).path("nodes");
        int sum = 0;
        for (JsonNode n : nodes) {
            sum += n.path("claims").asInt();
        }
        return sum;
    }

    @Test
    void submitRunsOnOneNodeThenPauseRunKillAndHistoryInOrder() {
        assertThat(run("submit", "--id", "m1", "--type", "forever", "--props", "{\"interval\":\"200ms\"}").exit())
                .isZero();

        JsonNode running = awaitTask("m1", "a claim and a first step", t -> !t.path("owner").isNull()
                && t.path("stored").path("data").path("count").asInt() >= 2);
        String owner = running.path("owner").asText();
        assertThat(owner).isIn("w1", "w2");
        assertThat(totalClaims()).isEqualTo(1);
        assertThat(running.path("stored").path("data").path("node").asText()).isEqualTo(owner);

        assertThat(run("command", "m1", "pause").exit()).isZero();
        awaitTask("m1", "PAUSED", t -> t.path("state").asText().equals("PAUSED"));
        assertThat(run("show", "m1").out()).contains("state    PAUSED");
        long pausedCount = show("m1").path("stored").path("data").path("count").asLong();

        assertThat(run("command", "m1", "run").exit()).isZero();
        awaitTask("m1", "counting again", t -> t.path("stored").path("data").path("count").asLong() > pausedCount);

        assertThat(run("command", "m1", "kill").exit()).isZero();
        awaitTask("m1", "KILLED", t -> t.path("state").asText().equals("KILLED"));
        assertThat(run("show", "m1").out()).contains("state    KILLED");
        assertThat(run("list", "--node", owner).out()).doesNotContain("m1");
        assertThat(run("list", "--state", "RUNNABLE").out()).doesNotContain("m1");
        assertThat(run("list", "--state", "SLEEPING").out()).doesNotContain("m1");

        CliRun again = run("command", "m1", "run");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("TASK_FINISHED");

        JsonNode states = Json.parse("history", run("history", "m1", "--json").out()).path("states");
        List<String> codes = new ArrayList<>();
        long version = -1;
        for (JsonNode s : states) {
            assertThat(s.path("version").asLong()).isGreaterThan(version);
            version = s.path("version").asLong();
            codes.add(s.path("code").asText());
        }
        assertThat(codes.get(0)).isEqualTo("RUNNABLE");
        assertThat(codes).containsSubsequence("SLEEPING", "PAUSED", "RUNNABLE", "KILLED");
        assertThat(codes.get(codes.size() - 1)).isEqualTo("KILLED");

        assertThat(run("node-command", owner, "balance").exit()).isZero();
        assertThat(run("node-command", "w9", "freeze").exit()).isEqualTo(2);

        CliRun dup = run("submit", "--id", "m1", "--type", "forever");
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.err()).contains("DUPLICATE_TASK").contains("m1");
    }

    @Test
    void aCounterCompletesAndAStoppedNodesTasksMoveToTheOther() {
        for (int i = 1; i <= 4; i++) {
            assertThat(run("submit", "--id", "f" + i, "--type", "forever", "--props", "{\"interval\":\"200ms\"}")
                    .exit()).isZero();
        }
        assertThat(run("submit", "--id", "c1", "--type", "counter", "--props", "{\"steps\":3,\"interval\":\"0\"}")
                .exit()).isZero();
        JsonNode done = awaitTask("c1", "COMPLETED", t -> t.path("state").asText().equals("COMPLETED"));
        assertThat(done.path("stored").path("data").path("count").asInt()).isEqualTo(3);

        for (int i = 1; i <= 4; i++) {
            awaitTask("f" + i, "claimed", t -> !t.path("owner").isNull());
        }
        Worker leaving = workers.remove(0);
        leaving.stop();
        for (int i = 1; i <= 4; i++) {
            JsonNode t = awaitTask("f" + i, "owned by w2", v -> v.path("owner").asText().equals("w2")
                    && v.path("stored").path("data").path("node").asText().equals("w2"));
            assertThat(t.path("state").asText()).isIn("RUNNABLE", "SLEEPING");
        }
        assertThat(totalClaims()).isEqualTo(4);
    }
}
