package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.launcher.WorkerProcess;
import io.windlass.testing.etcd.EtcdExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code windlass worker} as a separate OS process: runs tasks, logs transitions, releases its tasks on SIGTERM. */
class WorkerProcessIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @TempDir
    Path logs;

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--etcd";
        all[args.length + 1] = ETCD.endpoints().get(0);
        all[args.length + 2] = "--namespace";
        all[args.length + 3] = "proc";
        return CliRun.run(EtcdStoreConnection.FACTORY, all);
    }

    /** Polls an observable condition; on timeout (generous: a cold worker JVM on a loaded machine) shows the log. */
    private static void await(String what, WorkerProcess worker, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for %s; %s", what, worker.tail(40))
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void aWorkerProcessRunsTasksAndReleasesThemOnSigterm() {
        List<String> command = WorkerProcess.javaCommand(List.of(), WorkerProcess.classPathReplacingJar(
                "windlass-cli.jar"), WindlassCli.class.getName(), List.of("worker", "--etcd", ETCD.endpoints().get(0),
                "--namespace", "proc", "--node", "p1", "--lease-ttl", "3s", "--timeout", "20s"));
        try (WorkerProcess worker = WorkerProcess.start("p1", command, logs)) {
            await("node p1 registered", worker, () -> cli("nodes").out().contains("p1"));
            assertThat(cli("submit", "--id", "m1", "--type", "forever", "--props", "{\"interval\":\"200ms\"}").exit())
                    .isZero();
            await("m1 counting on p1", worker, () -> {
                JsonNode t = Json.parse("show", cli("show", "m1", "--json").out());
                return t.path("owner").asText().equals("p1") && t.path("stored").path("data").path("count").asInt() > 1;
            });

            assertThat(worker.stopGracefully(Duration.ofSeconds(30))).as("worker exits after SIGTERM").isTrue();
            assertThat(worker.exitCode()).isIn(0, 143);

            String text = String.join("\n", worker.lines());
            assertThat(text).contains("started node=p1").contains("transition task=m1 from=RUNNABLE command=SLEEP")
                    .contains("released task=m1").contains("reason=\"shutdown\"").contains("stopped node=p1");
            JsonNode after = Json.parse("show", cli("show", "m1", "--json").out());
            assertThat(after.path("owner").isNull()).as("released at once, not left to expire: %s", after).isTrue();
            assertThat(after.path("state").asText()).isIn("RUNNABLE", "SLEEPING");
            assertThat(cli("nodes").out()).doesNotContain("p1");
        }
    }
}
