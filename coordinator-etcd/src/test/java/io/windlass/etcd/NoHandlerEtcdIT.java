package io.windlass.etcd;

import static io.windlass.etcd.EtcdTesting.awaitUntil;
import static io.windlass.etcd.EtcdTesting.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.HandlerCoverage;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on real etcd (issue 14): a task whose type no live node has a handler for. Nodes advertise their handler
 * types in their registration; the read model then says "no handler for type X on any live node", and the task stays
 * untouched (no claim, no write) until a node with the handler joins.
 */
class NoHandlerEtcdIT extends EtcdFixture {
    private final List<Consumer> consumers = new ArrayList<>();

    record NoProps(String name) {
    }

    /** Completes at once. */
    static final class Done implements TaskHandler<NoProps> {
        @Override
        public Class<NoProps> propsType() {
            return NoProps.class;
        }

        @Override
        public Command onRunnable(TaskContext<NoProps> ctx) {
            return Command.complete();
        }
    }

    NoHandlerEtcdIT() {
        super("nohandler");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        consumers.forEach(Consumer::shutdownNow);
        for (Consumer c : consumers) {
            c.awaitTermination(Duration.ofSeconds(10));
        }
    }

    private void start(String node, String type) {
        Consumer c = Consumer.builder().nodeId(node)
                .coordinator(EtcdCoordinator.create(ETCD.client(), ns, EtcdTesting.settings()))
                .handlers(HandlerRegistry.builder().register(type, new Done()).build())
                .build();
        consumers.add(c);
        c.start();
    }

    private Optional<String> note(String id) {
        TaskView v = client.get(id).orElseThrow();
        return HandlerCoverage.note(v, client.nodes());
    }

    @Test
    void aTaskNoLiveNodeCanRunIsNotedAndLeftUntouchedUntilAHandlerJoins() {
        start("a", "known");
        assertThat(client.nodes()).extracting(NodeInfo::nodeId, NodeInfo::handlerTypes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Set.of("known")));

        client.submit("x1", "orphan", props("x1"));
        long revision = client.get("x1").orElseThrow().state().revision();
        // a known task submitted after it: once a ran it, a has been offered x1 too (one watch, store order)
        client.submit("k1", "known", props("k1"));
        awaitUntil("a completes k1", () -> client.get("k1").orElseThrow().state().state().code()
                == StateCode.COMPLETED);

        TaskView untouched = client.get("x1").orElseThrow();
        assertThat(untouched.owner()).isNull();
        assertThat(untouched.state().state().code()).isEqualTo(StateCode.RUNNABLE);
        assertThat(untouched.state().revision()).as("no write touched it").isEqualTo(revision);
        assertThat(t.get(keys.claim("x1"))).as("no claim").isNull();
        assertThat(note("x1")).contains("no handler for type orphan on any live node");
        assertThat(note("k1")).as("finished: nothing to say").isEmpty();

        start("b", "orphan"); // registered when start returns
        assertThat(HandlerCoverage.note(untouched, client.nodes()))
                .as("the same unclaimed view, now that a live node advertises the type").isEmpty();
        awaitUntil("b runs x1", () -> client.get("x1").orElseThrow().state().state().code() == StateCode.COMPLETED);
        assertThat(note("x1")).isEmpty();
        assertThat(client.nodes()).extracting(NodeInfo::nodeId).containsExactlyInAnyOrder("a", "b");
    }
}
