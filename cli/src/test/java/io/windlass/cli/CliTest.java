package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.VirtualScheduler;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CLI's parsing, validation, output and exit codes, on an in-memory store. */
class CliTest {
    private final InMemoryCluster cluster = InMemoryCluster.create(VirtualScheduler.create(), Runnable::run);
    private final ConnectionFactory memory = (endpoint, ns, timeout) -> new InMemoryConnection(cluster);

    private CliRun run(String... args) {
        return CliRun.run(memory, args);
    }

    @Test
    void submitShowsTheTaskAndADuplicateIsRejectedWithExit2() {
        CliRun ok = run("submit", "--id", "c1", "--type", "counter", "--props", "{\"steps\":3,\"interval\":\"2s\"}");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("submitted c1");

        CliRun dup = run("submit", "--id", "c1", "--type", "counter");
        assertThat(dup.exit()).as(dup.toString()).isEqualTo(2);
        assertThat(dup.err()).contains("DUPLICATE_TASK").contains("c1").doesNotContain("\tat ");
    }

    @Test
    void invalidPropsUnknownTypesAndBadJsonAreUsageErrorsWithoutStackTraces() {
        assertThat(run("submit", "--id", "a", "--type", "counter", "--props", "{\"steps\":0}"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
                .satisfies(r -> assertThat(r.err()).contains("steps must be").doesNotContain("\tat "));
        assertThat(run("submit", "--id", "a", "--type", "counter", "--props", "{\"step\":2}").err())
                .contains("unknown field(s) [step]");
        assertThat(run("submit", "--id", "a", "--type", "nope").err()).contains("UNKNOWN_TASK_TYPE");
        assertThat(run("submit", "--id", "a", "--type", "counter", "--props", "{oops").err())
                .contains("--props is not valid JSON");
        assertThat(run("submit", "--id", "bad/id", "--type", "counter").exit()).isEqualTo(1);
        assertThat(run("list").out()).contains("0 task(s)");
    }

    @Test
    void showListAndHistoryInTextAndJson() {
        run("submit", "--id", "f1", "--type", "flaky", "--props", "{\"seed\":7}");

        assertThat(run("show", "f1").out()).contains("type     flaky").contains("state    RUNNABLE");
        JsonNode shown = Json.parse("out", run("show", "f1", "--json").out());
        assertThat(shown.path("state").asText()).isEqualTo("RUNNABLE");
        assertThat(shown.path("props").path("seed").asLong()).isEqualTo(7);

        JsonNode listed = Json.parse("out", run("list", "--state", "runnable", "--json").out());
        assertThat(listed.path("tasks")).hasSize(1);
        assertThat(run("list", "--state", "PAUSED").out()).contains("0 task(s)");

        assertThat(run("history", "f1").out()).contains("RUNNABLE").contains("1 state(s)");
    }

    @Test
    void aTaskNoLiveNodeHasAHandlerForIsNotedInShowAndListButNotWhenOneDoes() {
        run("submit", "--id", "f1", "--type", "flaky", "--props", "{\"seed\":7}");
        assertThat(run("show", "f1").out()).contains("note     no handler for type flaky on any live node "
                + "(no node is live)");
        liveNode("w1", Set.of("counter"));
        String note = "no handler for type flaky on any live node";
        assertThat(run("show", "f1").out()).contains("note     " + note).doesNotContain("no node is live");
        assertThat(Json.parse("out", run("show", "f1", "--json").out()).path("note").asText()).isEqualTo(note);
        assertThat(run("list").out()).containsPattern("f1 .* RUNNABLE .*! " + note);
        assertThat(Json.parse("out", run("list", "--json").out()).path("tasks").get(0).path("note").asText())
                .isEqualTo(note);
        assertThat(Json.parse("out", run("nodes", "--json").out()).toString()).contains("\"types\":[\"counter\"]");

        liveNode("w2", Set.of("flaky"));
        assertThat(run("show", "f1").out()).doesNotContain("note ");
        assertThat(run("list").out()).doesNotContain("no handler");
        assertThat(Json.parse("out", run("show", "f1", "--json").out()).has("note")).isFalse();
    }

    /** A bare coordinator on the cluster advertising {@code types}: a live node that claims nothing. */
    private void liveNode(String id, Set<String> types) {
        cluster.coordinator().start(id, types, new CoordinatorListener() {
            @Override
            public void taskOffered(TaskRecord task) {
            }

            @Override
            public void claimLost(String taskId, long fence) {
            }

            @Override
            public void commandArrived(String taskId, TaskCommand command) {
            }

            @Override
            public void nodeCommand(NodeCommand command) {
            }
        });
    }

    @Test
    void missingTasksAndNodesAreExit2() {
        assertThat(run("show", "ghost").exit()).isEqualTo(2);
        assertThat(run("delete", "ghost").exit()).isEqualTo(2);
        assertThat(run("history", "ghost").exit()).isEqualTo(2);
        assertThat(run("command", "ghost", "pause").exit()).isEqualTo(2);
        CliRun node = run("node-command", "n9", "freeze", "--json");
        assertThat(node.exit()).isEqualTo(2);
        assertThat(Json.parse("out", node.out()).path("error").path("code").asText()).isEqualTo("NODE_NOT_FOUND");
    }

    @Test
    void commandsAreValidatedBeforeSending() {
        run("submit", "--id", "c1", "--type", "counter");
        assertThat(run("command", "c1", "sleep").exit()).isEqualTo(1);
        assertThat(run("command", "c1", "pause", "--for", "5s").exit()).isEqualTo(1);
        assertThat(run("command", "c1", "sleep", "--until", "tomorrow").err()).contains("ISO-8601");
        assertThat(run("command", "c1", "explode").exit()).isEqualTo(1);

        CliRun sleep = run("command", "c1", "sleep", "--for", "30s", "--json");
        assertThat(sleep.exit()).as(sleep.toString()).isZero();
        assertThat(Json.parse("out", sleep.out()).path("command").path("kind").asText()).isEqualTo("SLEEP");
        assertThat(run("show", "c1").out()).contains("pending  SLEEP until");
    }

    @Test
    void deleteRemovesTheTask() {
        run("submit", "--id", "c1", "--type", "forever");
        assertThat(run("delete", "c1").exit()).isZero();
        assertThat(run("show", "c1").exit()).isEqualTo(2);
    }

    @Test
    void helpEverywhereAndUnknownOptionsAreUsageErrors() {
        CliRun help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("submit").contains("worker").contains("demo").contains("Exit codes");
        for (String sub : new String[] {"submit", "list", "show", "history", "command", "nodes", "node-command",
                "watch", "delete", "worker", "demo", "etcd-role"}) {
            CliRun r = run(sub, "--help");
            assertThat(r.exit()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("Usage: windlass " + sub);
        }
        CliRun bad = run("list", "--frobnicate");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("Unknown option");
    }

    @Test
    void errorsAreOneJsonDocumentWithJson() {
        CliRun r = run("show", "ghost", "--json");
        assertThat(r.exit()).isEqualTo(2);
        JsonNode error = Json.parse("out", r.out()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("TASK_NOT_FOUND");
        assertThat(error.path("message").asText()).isEqualTo("task ghost does not exist");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void demoAndWorkerArgumentsAreCheckedBeforeAnythingStarts() {
        assertThat(run("demo", "--duration", "soon").err()).contains("invalid duration 'soon'");
        assertThat(run("demo", "--duration", "soon").exit()).isEqualTo(1);
        assertThat(run("demo", "--nodes", "0").err()).contains("--nodes must be 1..16");
        assertThat(run("worker", "--lease-ttl", "0s", "--etcd", "http://127.0.0.1:1").err())
                .contains("--lease-ttl must be at least 1s");
        assertThat(run("worker", "--etcd", "localhost").err()).contains("invalid etcd endpoint 'localhost'");
    }

    /** Issue 14 item 1: {@code command --command-id} retried stores the command once. */
    @Test
    void aCommandRetriedWithItsCommandIdIsStoredOnce() {
        run("submit", "--id", "r1", "--type", "counter", "--props", "{\"steps\":3,\"interval\":\"2s\"}");
        CliRun first = run("command", "r1", "pause", "--command-id", "op-1");
        assertThat(first.exit()).as(first.toString()).isZero();
        CliRun retry = run("command", "r1", "pause", "--command-id", "op-1");
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(cluster.client().get("r1").orElseThrow().pending())
                .extracting(io.windlass.consumer.spi.TaskCommand::id).containsExactly("op-1");
        CliRun sameSubmit = run("submit", "--id", "r1", "--type", "counter", "--props",
                "{\"steps\":3,\"interval\":\"2s\"}");
        assertThat(sameSubmit.exit()).as("an identical submit is idempotent: " + sameSubmit).isZero();
    }
}
