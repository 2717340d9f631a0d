package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.codec.WireCodec;
import io.windlass.testing.contract.RecordingListener;
import io.windlass.testing.contract.RecordingListener.Lost;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The translating half of the event path without etcd: watch events, re-list pages and claimability reads in, listener
 * calls (and freed claims to check, malformed commands to move aside) out. The events executor is a queue the test
 * drains, so work handed to a later turn of the events thread is visible as such.
 */
class EventRouterTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private final Keys keys = new Keys("ns");
    private final Values values = new Values(WireCodec.standard());
    private final RecordingListener listener = new RecordingListener();
    private final Ownership owned = new Ownership();
    private final ArrayDeque<Runnable> laterTurns = new ArrayDeque<>();
    private final List<String> quarantined = new ArrayList<>();
    private final EventRouter router = new EventRouter(keys, values, "n1", listener, owned, laterTurns::add,
            (id, kv, reason) -> quarantined.add(id + ":" + Keys.string(kv.getKey())));

    @Test
    void aNewTaskIsOfferedOnceAndAnUndecodableOrOwnedOneNot() {
        owned.claimed("t3", 10);

        router.watchEvents(List.of(put(kv(keys.task("t1"), task("t1"), 5, 5, 1)),
                put(kv(keys.task("t2"), "{not json".getBytes(StandardCharsets.UTF_8), 6, 6, 1)),
                put(kv(keys.task("t1"), task("t1"), 5, 7, 2)),
                put(kv(keys.task("t3"), task("t3"), 8, 8, 1))));

        assertThat(listener.offered()).containsExactly("t1");
    }

    @Test
    void aClaimOfAnotherNodeIsATakenHintAndAnOwnClaimIsNot() {
        router.watchEvents(List.of(put(kv(keys.claim("t1"), values.encodeClaim("n2", 1), 5, 5, 1)),
                put(kv(keys.claim("t2"), values.encodeClaim("n1", 2), 6, 6, 1))));

        assertThat(listener.taken()).containsExactly(new RecordingListener.Taken("t1", "n2"));
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void aDeletedClaimIsFreedAndReportedLostIfItWasOursOnce() {
        owned.claimed("t1", 10);

        Set<String> freed = router.watchEvents(List.of(delete(keys.claim("t1"), 20), delete(keys.claim("t1"), 21)));

        assertThat(freed).containsExactly("t1");
        assertThat(listener.lost()).containsExactly(new Lost("t1", 10));
        assertThat(owned.fence("t1")).isZero();
    }

    @Test
    void aLateEventAboutAnEarlierClaimDoesNotFenceTheCurrentOne() {
        owned.claimed("t1", 10);

        router.watchEvents(List.of(delete(keys.claim("t1"), 9)));

        assertThat(listener.lost()).isEmpty();
        assertThat(owned.fence("t1")).isEqualTo(10);
    }

    @Test
    void aClaimCreatedAnewByAnotherNodeFencesOurs() {
        owned.claimed("t1", 10);

        router.watchEvents(List.of(put(kv(keys.claim("t1"), values.encodeClaim("n2", 3), 15, 15, 1))));

        assertThat(listener.lost()).containsExactly(new Lost("t1", 10));
        assertThat(listener.taken()).containsExactly(new RecordingListener.Taken("t1", "n2"));
    }

    @Test
    void freedClaimsOfTasksDeletedOrFinishedInTheSameResponseAreNotToBeChecked() {
        Set<String> freed = router.watchEvents(List.of(delete(keys.claim("t1"), 20), delete(keys.claim("t2"), 20),
                delete(keys.claim("t3"), 20), delete(keys.task("t2"), 20),
                put(kv(keys.done("t3"), "{}".getBytes(StandardCharsets.UTF_8), 20, 20, 1))));

        assertThat(freed).containsExactly("t1");
    }

    @Test
    void commandsOfOwnedTasksAreDeliveredOnceAndMalformedOnesHandedAside() {
        owned.claimed("t1", 10);
        TaskCommand pause = new TaskCommand("c1", Command.pause(), AT);

        router.watchEvents(List.of(put(kv(keys.command("t1", "c1"), values.encodeCommand(pause), 11, 11, 1)),
                put(kv(keys.command("t1", "c1"), values.encodeCommand(pause), 11, 12, 2)),
                put(kv(keys.command("t1", "c2"), "{bad".getBytes(StandardCharsets.UTF_8), 13, 13, 1)),
                put(kv(keys.command("t9", "c3"), values.encodeCommand(pause), 14, 14, 1))));

        assertThat(listener.commands("t1")).containsExactly(pause);
        assertThat(listener.commands("t9")).as("not owned").isEmpty();
        assertThat(quarantined).containsExactly("t1:/ns/commands/t1/c2");
    }

    @Test
    void commandsThatArriveWhileTheClaimIsOnItsWayGoToTheWonClaim() {
        TaskCommand pause = new TaskCommand("c1", Command.pause(), AT);
        router.claimSent("t1");
        router.watchEvents(List.of(put(kv(keys.command("t1", "c1"), values.encodeCommand(pause), 120, 120, 1))));
        assertThat(listener.events()).isEmpty();

        owned.claimed("t1", 100);
        router.claimAnswered("t1", 100);

        assertThat(listener.commands("t1")).containsExactly(pause);
    }

    @Test
    void onlyThisNodesNodeCommandsAreDelivered() {
        NodeCommand freeze = new NodeCommand("x1", NodeCommand.FREEZE, null);

        router.watchEvents(List.of(put(kv(keys.nodeCommand("n1", "x1"), values.encodeNodeCommand(freeze, AT), 5, 5, 1)),
                put(kv(keys.nodeCommand("n2", "x2"), values.encodeNodeCommand(freeze, AT), 6, 6, 1)),
                put(kv(keys.nodeCommand("n1", "x3"), "{bad".getBytes(StandardCharsets.UTF_8), 7, 7, 1))));

        assertThat(listener.nodeCommands()).containsExactly(freeze);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheResponse() {
        List<String> offered = new ArrayList<>();
        EventRouter throwing = new EventRouter(keys, values, "n1", new CoordinatorListener() {
            @Override
            public void taskOffered(TaskRecord task) {
                offered.add(task.id());
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void claimLost(String taskId, long fence) {
            }

            @Override
            public void commandArrived(String taskId, TaskCommand command) {
            }

            @Override
            public void nodeCommand(NodeCommand command) {
            }
        }, owned, laterTurns::add, (id, kv, reason) -> { });

        throwing.watchEvents(List.of(put(kv(keys.task("t1"), task("t1"), 5, 5, 1)),
                put(kv(keys.task("t2"), task("t2"), 6, 6, 1))));

        assertThat(offered).containsExactly("t1", "t2");
    }

    @Test
    void aLossRevealedWhenTheOwnDeleteSettlesIsToldOnTheEventsThread() {
        owned.claimed("t1", 7);
        owned.releasing("t1", 7);
        router.lost("t1", 7);
        assertThat(listener.lost()).as("held back while the own delete is in flight").isEmpty();

        router.settled("t1", 7, Ownership.Settled.NOT_APPLIED);
        assertThat(listener.lost()).as("not on the caller's thread").isEmpty();

        drain();
        assertThat(listener.lost()).containsExactly(new Lost("t1", 7));
    }

    @Test
    void aRelistReconcilesOwnedTasksDeliversTheirPendingCommandsAndOffersClaimableTasks() {
        owned.claimed("kept", 5);
        owned.claimed("gone", 6);
        owned.claimed("later", 60); // claimed after the snapshot's revision: the snapshot cannot tell
        TaskCommand pause = new TaskCommand("c1", Command.pause(), AT);
        NodeCommand freeze = new NodeCommand("x1", NodeCommand.FREEZE, null);
        Snapshot s = Snapshot.empty(50);
        s.addTasks(keys, List.of(taskKv("kept"), taskKv("gone"), taskKv("later"), taskKv("free"), taskKv("taken"),
                taskKv("finished"), taskKv("terminal"), taskKv("stateless")));
        s.addStates(keys, List.of(stateKv("kept", runnable()), stateKv("gone", runnable()),
                stateKv("free", runnable()), stateKv("taken", runnable()), stateKv("finished", runnable()),
                stateKv("terminal", new TaskState(StateCode.FAILED, null, List.of(error()), null, 3))));
        s.addClaims(keys, List.of(kv(keys.claim("kept"), values.encodeClaim("n1", 1), 5, 5, 1),
                kv(keys.claim("taken"), values.encodeClaim("n2", 2), 7, 7, 1)));
        s.addDone(keys, List.of(kv(keys.done("finished"), "{}".getBytes(StandardCharsets.UTF_8), 8, 8, 1)));
        s.addCommands(keys, List.of(kv(keys.command("kept", "c1"), values.encodeCommand(pause), 9, 9, 1)));

        router.relistPages().accept(new PagedRelist.Page(s, null, null, true,
                List.of(kv(keys.nodeCommand("n1", "x1"), values.encodeNodeCommand(freeze, AT), 10, 10, 1))));

        assertThat(listener.commands("kept")).containsExactly(pause);
        assertThat(listener.nodeCommands()).containsExactly(freeze);
        assertThat(listener.lost()).containsExactly(new Lost("gone", 6));
        assertThat(listener.offered()).containsExactly("free", "gone");
        assertThat(owned.fence("kept")).isEqualTo(5);
        assertThat(owned.fence("later")).isEqualTo(60);
    }

    @Test
    void aBigRelistPageIsOfferedInSlicesEachItsOwnTurnOfTheEventsThread() {
        int count = EventRouter.OFFER_SLICE + 10;
        List<String> ids = IntStream.range(0, count).mapToObj(i -> String.format("t%04d", i)).toList();

        router.relistPages().accept(new PagedRelist.Page(unclaimed(ids.toArray(String[]::new)), null, null, true,
                List.of()));

        assertThat(listener.offered()).hasSize(EventRouter.OFFER_SLICE);
        assertThat(laterTurns).hasSize(1);
        drain();
        assertThat(listener.offered()).containsExactlyElementsOf(ids);
    }

    @Test
    void aTaskTheWatchSawClaimedWhileLaterPagesWereComingIsNotOfferedByAMiddlePage() {
        var pages = router.relistPages();
        pages.accept(new PagedRelist.Page(unclaimed("a"), null, "a", true, List.of()));
        router.watchEvents(List.of(put(kv(keys.claim("x"), values.encodeClaim("n2", 2), 60, 60, 1))));
        pages.accept(new PagedRelist.Page(unclaimed("x", "y"), "a", "y", false, List.of()));
        pages.accept(new PagedRelist.Page(unclaimed("z"), "y", null, false, List.of()));

        assertThat(listener.offered()).containsExactly("a", "y", "z");
    }

    @Test
    void aClaimabilityReadOffersOnlyTheClaimableOfTheFreedTasks() {
        owned.claimed("mine", 5);
        Snapshot s = Snapshot.empty(50);
        s.addTasks(keys, List.of(taskKv("free"), taskKv("mine"), taskKv("taken")));
        s.addStates(keys, List.of(stateKv("free", runnable()), stateKv("mine", runnable()),
                stateKv("taken", runnable())));
        s.addClaims(keys, List.of(kv(keys.claim("taken"), values.encodeClaim("n2", 2), 40, 40, 1)));

        router.offerClaimable(s, Set.of("free", "mine", "taken"));

        assertThat(listener.offered()).containsExactly("free");
    }

    /** A re-list page's snapshot (at revision 50) of unclaimed runnable tasks. */
    private Snapshot unclaimed(String... ids) {
        Snapshot s = Snapshot.empty(50);
        s.addTasks(keys, Stream.of(ids).map(this::taskKv).toList());
        s.addStates(keys, Stream.of(ids).map(id -> stateKv(id, runnable())).toList());
        return s;
    }

    private void drain() {
        Runnable r;
        while ((r = laterTurns.poll()) != null) {
            r.run();
        }
    }

    private byte[] task(String id) {
        return values.encodeTask(new TaskRecord(id, "invoice", JsonNodeFactory.instance.objectNode(), AT));
    }

    private KeyValue taskKv(String id) {
        return kv(keys.task(id), task(id), 2, 2, 1);
    }

    private KeyValue stateKv(String id, TaskState state) {
        return kv(keys.state(id), values.encodeState(state, "n0", 0, AT), 3, 3, 1);
    }

    private static TaskState runnable() {
        return TaskState.initial();
    }

    private static TaskError error() {
        return new TaskError(AT, "boom", "java.lang.IllegalStateException");
    }

    private static WatchEvent put(KeyValue kv) {
        return new WatchEvent(kv, null, WatchEvent.EventType.PUT);
    }

    private static WatchEvent delete(ByteSequence key, long modRevision) {
        return new WatchEvent(kv(key, new byte[0], 0, modRevision, 0), null, WatchEvent.EventType.DELETE);
    }

    private static KeyValue kv(ByteSequence key, byte[] value, long createRevision, long modRevision, long version) {
        io.etcd.jetcd.api.KeyValue kv = io.etcd.jetcd.api.KeyValue.newBuilder()
                .setKey(ByteString.copyFrom(key.getBytes())).setValue(ByteString.copyFrom(value))
                .setCreateRevision(createRevision).setModRevision(modRevision).setVersion(version).build();
        return new KeyValue(kv, ByteSequence.EMPTY);
    }
}
