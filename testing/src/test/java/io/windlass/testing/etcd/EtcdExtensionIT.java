package io.windlass.testing.etcd;

import io.windlass.launcher.EtcdMember;
import static io.windlass.testing.etcd.Jetcd.CALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One single-member etcd for the whole class (static registration): data path, kill/restart, pause/resume. */
class EtcdExtensionIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    private static Client client;

    @BeforeAll
    static void connect() {
        client = Jetcd.client(ETCD.endpoints());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void startsOneHealthyMemberOnLoopbackPortsBelowTheEphemeralRange() {
        assertThat(ETCD.endpoints()).hasSize(1).allSatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:"));
        int port = Integer.parseInt(ETCD.endpoints().get(0).substring("http://127.0.0.1:".length()));
        assertThat(port).isBetween(10000, 32767);
        assertThat(ETCD.member(0).isRunning()).isTrue();
        assertThat(ETCD.member(0).clientUrl()).isEqualTo(ETCD.endpoints().get(0));
        assertThat(ETCD.leaderIndex()).isZero();
    }

    @Test
    void putAndGetThroughJetcd() throws Exception {
        long revision = Jetcd.put(client, "ext/hello", "world", CALL);
        assertThat(Jetcd.get(client, "ext/hello", CALL)).contains("world");
        assertThat(ETCD.currentRevision()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void killAndRestartKeepsTheData() throws Exception {
        Jetcd.put(client, "ext/durable", "kept", CALL);
        EtcdMember member = ETCD.member(0);
        long oldPid = member.pid();

        member.kill();
        assertThat(member.isRunning()).isFalse();
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

        member.restart();
        assertThat(member.isRunning()).isTrue();
        assertThat(member.pid()).isNotEqualTo(oldPid);
        assertThat(member.clientUrl()).isEqualTo(ETCD.endpoints().get(0));
        assertThat(Jetcd.retry(CALL, () -> Jetcd.get(client, "ext/durable", Duration.ofSeconds(2)))).contains("kept");
    }

    @Test
    void restartWaitsForItsPortWhileSomethingElseHoldsItBriefly() throws Exception {
        EtcdMember member = ETCD.member(0);
        int port = Integer.parseInt(member.clientUrl().substring(member.clientUrl().lastIndexOf(':') + 1));
        member.kill();
        CompletableFuture<Void> restart;
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            restart = CompletableFuture.runAsync(member::restart);
            Jetcd.awaitTrue("a restart attempt hit the busy port", CALL,
                    () -> member.logTail().contains("address already in use"));
            assertThat(restart).isNotDone();
        }
        restart.get(30, TimeUnit.SECONDS);
        assertThat(member.isRunning()).isTrue();
        assertThat(Jetcd.retry(CALL, () -> Jetcd.put(client, "ext/after-squatter", "ok", Duration.ofSeconds(2))))
                .isPositive();
    }

    @Test
    void pausedMemberDoesNotAnswerUntilResumed() throws Exception {
        EtcdMember member = ETCD.member(0);
        member.pause();
        try {
            assertThat(member.isPaused()).isTrue();
            // the timed-out put stays in flight and may still apply after resume (indeterminate): own key
            assertThatThrownBy(() -> Jetcd.put(client, "ext/paused-indeterminate", "x", Duration.ofSeconds(1)))
                    .isInstanceOf(TimeoutException.class);
        } finally {
            member.resume();
        }
        assertThat(member.isPaused()).isFalse();
        Jetcd.put(client, "ext/paused", "y", CALL);
        assertThat(Jetcd.get(client, "ext/paused", CALL)).contains("y");
    }
}
