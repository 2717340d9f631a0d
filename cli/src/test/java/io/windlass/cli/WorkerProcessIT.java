package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.testing.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code windlass worker} as a separate OS process: runs tasks, logs transitions, releases its tasks on SIGTERM. */
class WorkerProcessIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--etcd";
        all[args.length + 1] = ETCD.endpoints().get(0);
        all[args.length + 2] = "--namespace";
        all[args.length + 3] = "proc";
        return CliRun.run(EtcdStoreConnection::open, all);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void aWorkerProcessRunsTasksAndReleasesThemOnSigterm() throws Exception {
        Path log = Files.createTempFile("worker", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process worker = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                WindlassCli.class.getName(), "worker", "--etcd", ETCD.endpoints().get(0), "--namespace", "proc",
                "--node", "p1", "--lease-ttl", "3s"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("node p1 registered", () -> cli("nodes").out().contains("p1"));
            assertThat(cli("submit", "--id", "m1", "--type", "forever", "--props", "{\"interval\":\"200ms\"}").exit())
                    .isZero();
            await("m1 counting on p1", () -> {
                JsonNode t = Json.parse("show", cli("show", "m1", "--json").out());
                return t.path("owner").asText().equals("p1") && t.path("stored").path("data").path("count").asInt() > 1;
            });

            worker.destroy(); // SIGTERM
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker exits after SIGTERM").isTrue();
            assertThat(worker.exitValue()).isIn(0, 143);

            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).contains("started node=p1").contains("transition task=m1 from=RUNNABLE command=SLEEP")
                    .contains("released task=m1").contains("reason=\"shutdown\"").contains("stopped node=p1");
            JsonNode after = Json.parse("show", cli("show", "m1", "--json").out());
            assertThat(after.path("owner").isNull()).as("released at once, not left to expire: %s", after).isTrue();
            assertThat(after.path("state").asText()).isIn("RUNNABLE", "SLEEPING");
            assertThat(cli("nodes").out()).doesNotContain("p1");
        } finally {
            worker.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
