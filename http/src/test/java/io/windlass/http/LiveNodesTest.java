package io.windlass.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveNodesTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ScriptedClient client = new ScriptedClient();
    private final LiveNodes live = new LiveNodes(client, Duration.ofSeconds(1), nanos::get);

    @Test
    void readsOncePerMaxAgeAndAgainAfterIt() {
        client.answers.add(List.of(node("a")));
        client.answers.add(List.of(node("a"), node("b")));

        assertThat(live.get()).extracting(NodeInfo::nodeId).containsExactly("a");
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(live.get()).extracting(NodeInfo::nodeId).containsExactly("a");
        assertThat(client.reads).isEqualTo(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(live.get()).extracting(NodeInfo::nodeId).containsExactly("a", "b");
        assertThat(client.reads).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotCachedTheNextCallReadsAgain() {
        client.answers.add(ScriptedClient.FAIL);
        client.answers.add(List.of(node("a")));

        assertThatThrownBy(live::get).isInstanceOf(WindlassException.class);
        assertThat(live.get()).extracting(NodeInfo::nodeId).containsExactly("a");
        assertThat(client.reads).isEqualTo(2);
    }

    private static NodeInfo node(String id) {
        return new NodeInfo(id, "host", Instant.EPOCH, 0, false);
    }

    /** Answers {@code nodes()} from a script; {@link #FAIL} is an etcd failure. */
    private static final class ScriptedClient extends NodesOnlyClient {
        static final List<NodeInfo> FAIL = new java.util.ArrayList<>();
        final Deque<List<NodeInfo>> answers = new ArrayDeque<>();
        int reads;

        @Override
        public List<NodeInfo> nodes() {
            reads++;
            List<NodeInfo> next = answers.removeFirst();
            if (next == FAIL) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "etcd down");
            }
            return next;
        }
    }
}
