package io.windlass.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.cli.support.Json;
import io.windlass.cli.worker.Worker;
import io.windlass.cli.worker.WorkerConfig;
import io.windlass.cli.worker.WorkerGroup;
import io.windlass.launcher.EtcdLauncher;
import io.windlass.launcher.TestCertificates;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker --config}: two etcd processes (one plaintext, one with TLS), two namespaces, one process. */
class WorkerConfigIT {
    @TempDir
    Path dir;

    @Test
    void oneProcessServesTwoClustersAndTwoNamespaces() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        try (EtcdLauncher plain = EtcdLauncher.configure().build().start();
             EtcdLauncher tls = EtcdLauncher.configure().tls(certs.etcdTls(false)).build().start()) {
            Path config = Files.writeString(dir.resolve("worker.json"), """
                    {
                      "leaseTtl": "3s", "timeout": "15s", "shutdownGrace": "5s",
                      // a plaintext cluster and a TLS one
                      "clusters": [
                        { "etcd": "%s", "namespaces": [ { "namespace": "east" } ] },
                        { "etcd": "%s", "cacert": "%s",
                          "namespaces": [ { "namespace": "west", "node": "w-west" }, { "namespace": "lab" } ] }
                      ]
                    }
                    """.formatted(plain.endpoints().get(0), tls.endpoints().get(0), certs.caCert()));
            List<Worker.Settings> settings = WorkerConfig.read(config, "mc");
            assertThat(settings).extracting(Worker.Settings::nodeId).containsExactly("mc-east", "w-west", "mc-lab");
            WorkerGroup group = WorkerGroup.start(settings);
            try {
                List<String> east = List.of("--etcd", plain.endpoints().get(0), "--namespace", "east");
                List<String> west = List.of("--etcd", tls.endpoints().get(0), "--cacert", certs.caCert().toString(),
                        "--namespace", "west");
                submit(east, "e1");
                submit(west, "w1");
                awaitCompleted(east, "e1");
                awaitCompleted(west, "w1");
                assertThat(show(west, "w1").path("stored").path("data").path("node").asText()).isEqualTo("w-west");
            } finally {
                group.stop();
            }
        }
    }

    @Test
    void typosAndDuplicatesInTheConfigAreRefusedNamingTheFile() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.json"),
                "{\"clusters\":[{\"etcd\":\"https://a:2379\",\"ca-cert\":\"x\",\"namespaces\":[{\"namespace\":\"a\"}]}]}");
        WindlassException e = catchThrowableOfType(() -> WorkerConfig.read(typo, "n"), WindlassException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains(typo.toString(), "unknown field \"ca-cert\"");
        Path twice = Files.writeString(dir.resolve("twice.json"), "{\"clusters\":[{\"etcd\":\"http://a:2379\","
                + "\"namespaces\":[{\"namespace\":\"a\"},{\"namespace\":\"a\"}]}]}");
        assertThat(catchThrowableOfType(() -> WorkerConfig.read(twice, "n"), WindlassException.class).getMessage())
                .contains("listed once");
    }

    private static CliRun run(List<String> flags, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags);
        return CliRun.run(EtcdStoreConnection.FACTORY, all.toArray(String[]::new));
    }

    private static void submit(List<String> flags, String id) {
        CliRun r = run(flags, "submit", "--id", id, "--type", "counter", "--props", "{\"steps\":3,\"interval\":\"0\"}");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private static JsonNode show(List<String> flags, String id) {
        CliRun r = run(flags, "show", id, "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return Json.parse("show", r.out());
    }

    private static void awaitCompleted(List<String> flags, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode task = show(flags, id);
        while (!task.path("state").asText().equals("COMPLETED")) {
            assertThat(System.nanoTime() - deadline).as("%s not COMPLETED in time: %s", id, task).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            task = show(flags, id);
        }
    }
}
