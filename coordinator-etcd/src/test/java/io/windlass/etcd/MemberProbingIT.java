package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.windlass.testing.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MemberProbingBalancer} on a real 3-member cluster: a member frozen with SIGSTOP (connections open, nothing
 * answers) leaves the round robin within a probe period plus a probe deadline, and the calls already sent to it are
 * cancelled then instead of hanging until gRPC's keep-alive (10 s + 2 s) closes the connection. jetcd sets no
 * deadline of its own, so before the balancer those calls waited at least {@link #HANG}.
 */
class MemberProbingIT {
    /** How long a call sent to the frozen member hung before: gRPC's least keep-alive time plus its timeout. */
    static final Duration HANG = Duration.ofSeconds(10 + 2);
    /** Detection (probe period + deadline, 1.5 s) with room for a loaded machine; well below {@link #HANG}. */
    static final Duration DETECTION_BOUND = Duration.ofSeconds(7);
    static final int CALLS = 30;

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().members(3).build();

    @Test
    void callsSentToAFrozenMemberAreCancelledAtOnceAndLaterCallsGoToTheMembersThatAnswer() throws Exception {
        try (Client client = EtcdTesting.warm(EtcdClients.connect(etcd.endpoints().toArray(String[]::new)))) {
            KV kv = client.getKVClient();
            ByteSequence key = ByteSequence.from("probe/key", StandardCharsets.UTF_8);
            kv.put(key, ByteSequence.from("v", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            // every member serves some of these: round robin has a connection to each
            assertThat(gets(kv, key, CALLS)).allSatisfy(f -> assertThat(f.get(10, TimeUnit.SECONDS).getCount())
                    .isEqualTo(1));

            int leader = etcd.awaitLeader(Duration.ofSeconds(10));
            int frozen = (leader + 1) % 3;
            etcd.pause(frozen);
            try {
                List<CompletableFuture<GetResponse>> during = gets(kv, key, CALLS);
                CompletableFuture.allOf(during.stream().map(f -> f.handle((r, t) -> r))
                        .toArray(CompletableFuture[]::new)).get(DETECTION_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                List<Throwable> failures = new ArrayList<>();
                for (CompletableFuture<GetResponse> f : during) {
                    try {
                        assertThat(f.get().getCount()).isEqualTo(1);
                    } catch (ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
                // round robin gave about a third to the frozen member; exactly those were cancelled
                assertThat(failures).as("calls sent to the frozen member").isNotEmpty()
                        .allSatisfy(t -> assertThat(String.valueOf(t)).contains("stopped answering"));
                assertThat(failures.size()).isLessThan(CALLS);

                // the frozen member is out of the round robin: every later call is answered by the others
                List<CompletableFuture<GetResponse>> after = gets(kv, key, CALLS);
                for (CompletableFuture<GetResponse> f : after) {
                    assertThat(f.get(DETECTION_BOUND.toMillis(), TimeUnit.MILLISECONDS).getCount()).isEqualTo(1);
                }
            } finally {
                etcd.resume(frozen);
            }
        }
    }

    private static List<CompletableFuture<GetResponse>> gets(KV kv, ByteSequence key, int count) {
        List<CompletableFuture<GetResponse>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(kv.get(key));
        }
        return calls;
    }
}
