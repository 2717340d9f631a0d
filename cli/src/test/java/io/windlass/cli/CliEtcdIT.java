package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.testing.etcd.EtcdExtension;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI against a real etcd, without workers: storing, reading, rejecting, watching, and an unreachable etcd. */
class CliEtcdIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    private static int namespaces;

    private final String namespace = "cli-it-" + (++namespaces);

    private CliRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--etcd";
        all[args.length + 1] = ETCD.endpoints().get(0);
        all[args.length + 2] = "--namespace";
        all[args.length + 3] = namespace;
        return CliRun.run(EtcdStoreConnection.FACTORY, all);
    }

    @Test
    void submitShowHistoryAndDuplicate() {
        CliRun ok = run("submit", "--id", "c1", "--type", "counter", "--props", "{\"steps\":2}");
        assertThat(ok.exit()).as(ok.toString()).isZero();

        JsonNode shown = Json.parse("out", run("show", "c1", "--json").out());
        assertThat(shown.path("type").asText()).isEqualTo("counter");
        assertThat(shown.path("state").asText()).isEqualTo("RUNNABLE");
        assertThat(shown.path("note").asText()).as("no worker runs: nothing can run it")
                .isEqualTo("no handler for type counter on any live node (no node is live)");

        CliRun dup = run("submit", "--id", "c1", "--type", "counter");
        assertThat(dup.exit()).as(dup.toString()).isEqualTo(2);
        assertThat(dup.err()).contains("DUPLICATE_TASK").contains("c1").doesNotContain("\tat ");

        CliRun history = run("history", "c1", "--json");
        assertThat(history.exit()).as(history.toString()).isZero();
        assertThat(Json.parse("out", history.out()).path("states")).hasSize(1);

        assertThat(run("command", "c1", "pause").exit()).isZero();
        assertThat(run("show", "c1").out()).contains("pending  PAUSE");
        assertThat(run("delete", "c1").exit()).isZero();
        assertThat(run("show", "c1").exit()).isEqualTo(2);
    }

    @Test
    void watchStreamsStateChangesAsJsonLines() throws Exception {
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> run("watch", "--json", "--limit", "2", "--for", "20s"));
        // The watch starts from the revision it reads first; submit until it has seen two changes.
        for (int i = 0; i < 40 && !watch.isDone(); i++) {
            run("submit", "--id", "w" + i, "--type", "forever");
            try {
                watch.get(250, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet: submit another
            }
        }
        CliRun r = watch.get(20, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.toString()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.parse("line", lines[0]);
        assertThat(first.path("from").asText()).isEqualTo("NEW");
        assertThat(first.path("to").asText()).isEqualTo("RUNNABLE");
        assertThat(first.path("task").asText()).startsWith("w");
    }

    @Test
    void unreachableEtcdExits3QuicklyNamingTheEndpoint() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        long start = System.nanoTime();
        CliRun r = CliRun.run(EtcdStoreConnection.FACTORY, "list", "--etcd", endpoint, "--timeout", "3s");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains(endpoint).doesNotContain("\tat ");
        assertThat(millis).as("well under the default retries; generous for a loaded machine").isLessThan(20_000);
    }
}
