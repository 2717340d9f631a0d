package io.windlass.testing.etcd;

import io.windlass.launcher.FaultProxy;
import static io.windlass.testing.etcd.Jetcd.CALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** jetcd (gRPC over HTTP/2 cleartext) through the {@link FaultProxy}: forward, blackhole, lose answers, cut, heal. */
class FaultProxyIT {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
    private static final Duration HEAL = Duration.ofSeconds(20);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @Test
    void forwardsGrpcAndBlackholeMakesRequestsTimeOutUntilHealed() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(ETCD.endpoints().get(0));
                Client client = Jetcd.client(List.of(proxy.endpoint()))) {
            assertThat(proxy.endpoint()).isNotEqualTo(ETCD.endpoints().get(0));
            Jetcd.put(client, "proxy/a", "1", CALL);
            assertThat(Jetcd.get(client, "proxy/a", CALL)).contains("1");
            assertThat(proxy.openConnections()).isPositive();

            proxy.blackhole();
            assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.BLACKHOLE);
            assertThatThrownBy(() -> Jetcd.get(client, "proxy/a", ONE_SECOND)).isInstanceOf(TimeoutException.class);
            assertThat(proxy.openConnections()).as("a silent partition keeps sockets open").isPositive();
            try (Client late = Jetcd.client(List.of(proxy.endpoint()))) {
                assertThatThrownBy(() -> Jetcd.get(late, "proxy/a", ONE_SECOND))
                        .as("a new connection is accepted but hears nothing").isInstanceOf(TimeoutException.class);

                proxy.heal();
                assertThat(Jetcd.retry(HEAL, () -> Jetcd.get(late, "proxy/a", TWO_SECONDS))).contains("1");
            }
            Jetcd.put(client, "proxy/a", "2", CALL);
            assertThat(Jetcd.get(client, "proxy/a", CALL)).contains("2");
        }
    }

    @Test
    void cutResetsConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(ETCD.endpoints().get(0));
                Client client = Client.builder().endpoints(proxy.endpoint()).waitForReady(false).build()) {
            Jetcd.put(client, "proxy/b", "1", CALL);

            proxy.cut();
            assertThat(proxy.openConnections()).isZero();
            assertThatThrownBy(() -> Jetcd.get(client, "proxy/b", Duration.ofSeconds(3)))
                    .as("no request gets through a cut").isNotNull();
            assertThat(proxy.openConnections()).as("reconnects are refused").isZero();

            proxy.heal();
            assertThat(Jetcd.retry(HEAL, () -> Jetcd.get(client, "proxy/b", TWO_SECONDS))).contains("1");
        }
    }

    @Test
    void lostAnswersLeaveTheRequestAppliedAndHealResetsTheBrokenConnection() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(ETCD.endpoints().get(0));
                Client client = Client.builder().endpoints(proxy.endpoint()).waitForReady(false).build();
                Client direct = Jetcd.client(ETCD.endpoints())) {
            Jetcd.put(client, "proxy/d", "1", CALL);

            proxy.loseAnswers();
            assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.LOSE_ANSWERS);
            assertThatThrownBy(() -> Jetcd.put(client, "proxy/d", "2", ONE_SECOND))
                    .as("the caller sees a timeout").isInstanceOf(TimeoutException.class);
            assertThat(Jetcd.get(direct, "proxy/d", CALL)).as("but etcd applied the put").contains("2");

            proxy.heal();
            assertThat(Jetcd.retry(HEAL, () -> Jetcd.get(client, "proxy/d", TWO_SECONDS))).contains("2");
        }
    }

    @Test
    void closeEndsEveryConnectionAndRejectsNonLoopbackTargets() throws Exception {
        FaultProxy proxy = FaultProxy.start(ETCD.endpoints().get(0));
        try (Client client = Jetcd.client(List.of(proxy.endpoint()))) {
            Jetcd.put(client, "proxy/c", "1", CALL);
            proxy.close();
            assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.CLOSED);
            assertThat(proxy.openConnections()).isZero();
            proxy.heal();
            assertThat(proxy.mode()).as("closed stays closed").isEqualTo(FaultProxy.Mode.CLOSED);
        }
        assertThatThrownBy(() -> FaultProxy.start("http://10.1.2.3:2379")).hasMessageContaining("loopback");
    }
}
