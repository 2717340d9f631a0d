package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.claim;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.Client;
import io.windlass.statemachine.Command;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 3-member cluster: the coordinator survives the loss and restart of the leader. */
class EtcdClusterIT {
    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().members(3).build();

    @Test
    void watchesClaimsAndKeepAliveRecoverWhenTheLeaderIsKilledAndRestarted() {
        try (Client jetcd = EtcdTesting.warm(EtcdClients.connect(etcd.endpoints().toArray(String[]::new)));
                EtcdTesting t = new EtcdTesting(jetcd)) {
            String ns = EtcdTesting.freshNamespace("cluster");
            EtcdTaskClient client = t.client(ns);
            EtcdTesting.Node n1 = t.start(ns, "n1", EtcdTesting.settings().withLeaseTtl(Duration.ofSeconds(10)), jetcd);
            client.submit("t1", "contract", props("t1"));
            claim(n1, "t1");

            int leader = etcd.awaitLeader(Duration.ofSeconds(10));
            etcd.member(leader).kill();
            etcd.awaitLeader(Duration.ofSeconds(20));

            awaitUntil("client works again", Duration.ofSeconds(30), () -> {
                try {
                    client.submit("t2", "contract", props("t2"));
                    return true;
                } catch (RuntimeException e) {
                    return client.get("t2").isPresent();
                }
            });
            String cmd = client.command("t1", Command.pause());
            awaitUntil("t2 offered", Duration.ofSeconds(30), () -> n1.events().offered().contains("t2"));
            awaitUntil("command delivered", Duration.ofSeconds(30),
                    () -> n1.events().commands("t1").stream().anyMatch(c -> c.id().equals(cmd)));
            awaitUntil("lease valid", Duration.ofSeconds(30), () -> n1.coordinator().isLeaseValid());
            claim(n1, "t2");

            etcd.member(leader).restart();
            client.submit("t3", "contract", props("t3"));
            awaitUntil("t3 offered", Duration.ofSeconds(30), () -> n1.events().offered().contains("t3"));
            assertThat(client.get("t1").orElseThrow().owner()).isEqualTo("n1");
        }
    }
}
