package io.windlass.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.client.StateChange;
import io.windlass.consumer.client.Subscription;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskPage;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** {@link EtcdTaskClient} on jetcd; stateless apart from the client, so thread-safe. */
final class DefaultEtcdTaskClient implements EtcdTaskClient {
    private static final Set<String> NODE_COMMAND_KINDS =
            Set.of(NodeCommand.FREEZE, NodeCommand.UNFREEZE, NodeCommand.BALANCE, NodeCommand.STOP_TASK);

    private final KV kv;
    private final StateWatch stateWatch;
    private final Keys keys;
    private final Values values;
    private final TaskStateMachine machine;
    private final EtcdCalls calls;
    private final PageReader pages;
    private final EtcdCoordinatorSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultEtcdTaskClient(Client client, Keys keys, EtcdCoordinatorSettings settings, WireCodec codec,
                          TaskStateMachine machine) {
        this.kv = Objects.requireNonNull(client, "client").getKVClient();
        this.keys = keys;
        this.values = new Values(Objects.requireNonNull(codec, "codec (WireCodec.standard() not available?)"));
        this.machine = Objects.requireNonNull(machine, "machine");
        this.settings = settings;
        this.calls = new EtcdCalls(settings.requestTimeout(), settings.endpoint(), keys.rootString(),
                EtcdClients.identityOf(client), settings.observer());
        this.pages = new PageReader(kv, keys, values, calls);
        this.stateWatch = new StateWatch(client, keys, values, calls);
    }

    @Override
    public TaskRecord submit(String id, String type, JsonNode props) {
        open();
        Instant now = settings.clock().instant();
        TaskRecord task = new TaskRecord(id, type, props, now);
        byte[] record = values.encodeTask(task);
        if (record.length > Values.MAX_RECORD_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "task " + id + ": record is " + record.length
                    + " bytes, props may be at most " + TaskRecord.MAX_PROPS_BYTES);
        }
        byte[] state = values.encodeState(TaskState.initial(), "", 0, now);
        TxnResponse r = calls.await(kv.txn()
                .If(absent(keys.task(id)), absent(keys.done(id)))
                .Then(Op.put(keys.task(id), bs(record), PutOption.DEFAULT),
                        Op.put(keys.state(id), bs(state), PutOption.DEFAULT))
                .Else(Op.get(keys.task(id), GetOption.DEFAULT), Op.get(keys.done(id), GetOption.DEFAULT))
                .commit(), "submit " + id);
        if (!r.isSucceeded()) {
            TaskRecord stored = sameRecord(r, task);
            if (stored != null) {
                return stored; // a retry of our own submit (or an identical one): idempotent
            }
            throw new WindlassException(ErrorCode.DUPLICATE_TASK, "task " + id + " exists with other content or"
                    + " existed (finished ids are never reused)");
        }
        return task;
    }

    @Override
    public boolean delete(String id) {
        open();
        TaskRecord.requireValidId(id);
        DeleteOption exact = DeleteOption.DEFAULT;
        TxnResponse r = calls.await(kv.txn()
                .If(new Cmp(keys.task(id), Cmp.Op.GREATER, CmpTarget.createRevision(0)))
                .Then(Op.delete(keys.task(id), exact), Op.delete(keys.state(id), exact),
                        Op.delete(keys.claim(id), exact),
                        Op.delete(keys.commandsOf(id), DeleteOption.builder().isPrefix(true).build()),
                        Op.delete(keys.commandIdMarkersOf(id), DeleteOption.builder().isPrefix(true).build()))
                .commit(), "delete " + id);
        return r.isSucceeded();
    }

    @Override
    public String command(String id, Command command) {
        return command(id, command, null);
    }

    @Override
    public String command(String id, Command command, String commandId) {
        open();
        TaskRecord.requireValidId(id);
        Objects.requireNonNull(command, "command");
        if (commandId != null) {
            TaskRecord.requireValidId(commandId);
        }
        TaskCommand stored = new TaskCommand(commandId != null ? commandId : UUID.randomUUID().toString(), command,
                settings.clock().instant());
        byte[] bytes = values.encodeCommand(stored);
        if (bytes.length > MAX_COMMAND_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "command for task " + id + " is " + bytes.length
                    + " bytes; the limit is " + MAX_COMMAND_BYTES);
        }
        ByteSequence marker = keys.commandIdMarker(id, stored.id());
        if (commandId != null && alreadyStored(id, stored, calls.await(kv.get(marker), "command " + id).getKvs())) {
            return commandId; // a retry: the first call stored it (and it may be applied already)
        }
        Snapshot s = calls.await(Snapshot.readOne(kv, keys, id), "command " + id);
        TaskView view = s.view(keys, values, id);
        if (view == null || view.task() == null && view.quarantine() == null) {
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist");
        }
        if (s.finished(id) || view.state() != null && view.state().state().code().terminal()) {
            throw new WindlassException(ErrorCode.TASK_FINISHED, "task " + id + " is finished"
                    + (view.state() == null ? "" : " (" + view.state().state().code() + ")"));
        }
        if (view.state() == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task " + id + " is quarantined: "
                    + (view.quarantine() == null ? "no state" : view.quarantine().reason()));
        }
        if (!machine.allows(view.state().state().code(), command.kind())) {
            throw new WindlassException(ErrorCode.ILLEGAL_TRANSITION, "task " + id + ": " + command.kind()
                    + " is not allowed in " + view.state().state().code());
        }
        TxnResponse r = calls.await(kv.txn()
                .If(new Cmp(keys.task(id), Cmp.Op.GREATER, CmpTarget.createRevision(0)), absent(keys.done(id)),
                        absent(marker))
                .Then(Op.put(keys.command(id, stored.id()), bs(bytes), PutOption.DEFAULT),
                        Op.put(marker, bs(bytes), PutOption.DEFAULT))
                .Else(Op.get(marker, GetOption.DEFAULT))
                .commit(), "command " + id);
        if (!r.isSucceeded()) {
            if (alreadyStored(id, stored, r.getGetResponses().get(0).getKvs())) {
                return stored.id(); // a concurrent retry under the same id won
            }
            throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " was deleted or finished meanwhile");
        }
        return stored.id();
    }

    /** True if the marker says this command id was stored for the task; INVALID_ARGUMENT if for another command. */
    private boolean alreadyStored(String id, TaskCommand command, List<KeyValue> marker) {
        if (marker.isEmpty()) {
            return false;
        }
        TaskCommand first = values.decodeCommand(marker.get(0).getValue().getBytes());
        if (!Arrays.equals(values.encodeCommand(new TaskCommand(first.id(), first.command(), Instant.EPOCH)),
                values.encodeCommand(new TaskCommand(first.id(), command.command(), Instant.EPOCH)))) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "command id " + command.id() + " of task " + id
                    + " was used for " + first.command().kind() + ", not for this " + command.command().kind());
        }
        return true;
    }

    /** The stored record if the failed submit found the same id with the same type and props, else null. */
    private TaskRecord sameRecord(TxnResponse r, TaskRecord task) {
        List<KeyValue> kvs = r.getGetResponses().get(0).getKvs();
        if (kvs.isEmpty() || !r.getGetResponses().get(1).getKvs().isEmpty()) {
            return null; // deleted meanwhile, or finished (done key): finished ids are never reused
        }
        try {
            TaskRecord stored = values.decodeTask(kvs.get(0).getValue().getBytes());
            return stored.type().equals(task.type()) && stored.props().equals(task.props()) ? stored : null;
        } catch (WindlassException undecodable) {
            return null;
        }
    }

    @Override
    public Optional<TaskView> get(String id) {
        open();
        try {
            TaskRecord.requireValidId(id);
        } catch (WindlassException invalid) {
            return Optional.empty();
        }
        Snapshot s = calls.await(Snapshot.readOne(kv, keys, id), "get " + id);
        return Optional.ofNullable(s.view(keys, values, id));
    }

    /**
     * Every match of {@code filter} up to its limit: {@link PageReader} pages, continued until the limit or the end
     * of the namespace (each page is one revision; a list longer than one page's scan budget spans several).
     */
    @Override
    public List<TaskView> list(TaskFilter filter) {
        open();
        Objects.requireNonNull(filter, "filter");
        List<TaskView> out = new ArrayList<>();
        TaskFilter f = filter;
        while (true) {
            TaskPage p = pages.page(f, null);
            out.addAll(p.tasks());
            if (p.nextAfter() == null || out.size() >= filter.limit()) {
                return out;
            }
            f = new TaskFilter(filter.state(), filter.owner(), p.nextAfter(), filter.limit() - out.size(),
                    filter.type(), filter.prefix());
        }
    }

    /** One page read from the cursor on, with a bounded scan (see {@link PageReader}). */
    @Override
    public TaskPage page(TaskFilter filter) {
        return page(filter, null);
    }

    @Override
    public TaskPage page(TaskFilter filter, String through) {
        open();
        return pages.page(Objects.requireNonNull(filter, "filter"), through);
    }

    @Override
    public List<NodeInfo> nodes() {
        open();
        return calls.await(NodeReader.read(kv, keys, values), "nodes");
    }

    @Override
    public String nodeCommand(String nodeId, String kind, String taskId) {
        open();
        Objects.requireNonNull(nodeId, "nodeId");
        if (!NODE_COMMAND_KINDS.contains(kind)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "unknown node command '" + kind + "'; use one of "
                    + NODE_COMMAND_KINDS);
        }
        if (NodeCommand.STOP_TASK.equals(kind) == (taskId == null)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a task id is needed for stop_task and only there");
        }
        if (taskId != null) {
            TaskRecord.requireValidId(taskId);
        }
        NodeCommand command = new NodeCommand(UUID.randomUUID().toString(), kind, taskId);
        byte[] bytes = values.encodeNodeCommand(command, settings.clock().instant());
        TxnResponse r = calls.await(kv.txn()
                .If(new Cmp(keys.node(nodeId), Cmp.Op.GREATER, CmpTarget.createRevision(0)))
                .Then(Op.put(keys.nodeCommand(nodeId, command.id()), bs(bytes), PutOption.DEFAULT))
                .commit(), "node command to " + nodeId);
        if (!r.isSucceeded()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "no live node '" + nodeId + "'");
        }
        return command.id();
    }

    @Override
    public TaskHistory history(String id, int max) {
        open();
        TaskRecord.requireValidId(id);
        return new HistoryReader(kv, keys, values, calls).read(id, max);
    }

    @Override
    public Subscription watchStates(Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        open();
        return stateWatch.start(Objects.requireNonNull(sink, "sink"), Objects.requireNonNull(failed, "failed"));
    }

    @Override
    public Subscription watchStates(long afterRevision, Consumer<StateChange> sink,
                                    Consumer<WindlassException> failed) {
        open();
        return stateWatch.resume(afterRevision, Objects.requireNonNull(sink, "sink"),
                Objects.requireNonNull(failed, "failed"));
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private void open() {
        if (closed.get()) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "task client is closed");
        }
    }

    static Cmp absent(ByteSequence key) {
        return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
    }

    static ByteSequence bs(byte[] bytes) {
        return ByteSequence.from(bytes);
    }
}
