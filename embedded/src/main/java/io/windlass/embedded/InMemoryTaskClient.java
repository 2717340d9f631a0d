package io.windlass.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskFilter;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link TaskClient} of an {@link InMemoryCluster}: synchronous, thread-safe. Commands are checked against the
 * current state with {@link TaskStateMachine#standard()} before they are stored.
 */
final class InMemoryTaskClient implements TaskClient {
    private final Store store;
    private volatile boolean closed;

    InMemoryTaskClient(Store store) {
        this.store = store;
    }

    @Override
    public TaskRecord submit(String id, String type, JsonNode props) {
        open();
        if (type == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task " + id + ": type is required");
        }
        TaskRecord record = new TaskRecord(id, type, props, store.now());
        int propsBytes = record.props().toString().getBytes(StandardCharsets.UTF_8).length;
        if (propsBytes > TaskRecord.MAX_PROPS_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "task " + id + ": props are " + propsBytes + " bytes, limit " + TaskRecord.MAX_PROPS_BYTES);
        }
        return store.tx(events -> {
            if (store.finished.contains(id)) {
                throw new WindlassException(ErrorCode.DUPLICATE_TASK,
                        "task " + id + " already ran and finished; finished ids are never reused");
            }
            TaskEntry existing = store.tasks.get(id);
            if (existing != null && existing.record != null && existing.record.type().equals(type)
                    && existing.record.props().equals(record.props())) {
                return existing.record; // the same record again (a retried submit): idempotent
            }
            if (existing != null) {
                throw new WindlassException(ErrorCode.DUPLICATE_TASK, "task " + id + " already exists with other"
                        + " content");
            }
            TaskEntry task = new TaskEntry(id);
            task.record = record;
            store.tasks.put(id, task);
            store.putState(task, new StoredState(TaskState.initial(), store.nextRevision(), "", 0, record.created()));
            store.offer(task, events);
            return record;
        });
    }

    @Override
    public boolean delete(String id) {
        open();
        Objects.requireNonNull(id, "id");
        return store.tx(events -> {
            TaskEntry task = store.tasks.get(id);
            if (task == null) {
                return false;
            }
            store.tasks.remove(id);
            store.history.remove(id);
            store.nextRevision();
            store.dropClaim(task, true, events); // the owner learns at once (etcd: the claim key's delete event)
            return true;
        });
    }

    @Override
    public String command(String id, Command command) {
        return command(id, command, null);
    }

    @Override
    public String command(String id, Command command, String commandId) {
        open();
        if (commandId != null) {
            TaskRecord.requireValidId(commandId);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        int size = encodedSize(command);
        if (size > InMemoryCluster.MAX_COMMAND_BYTES) {
            throw new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "command " + command.kind() + " for task " + id
                    + " is ~" + size + " bytes, limit " + InMemoryCluster.MAX_COMMAND_BYTES);
        }
        return store.tx(events -> {
            TaskEntry task = store.tasks.get(id);
            if (task == null) {
                throw new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist");
            }
            Command first = commandId == null ? null : task.commandIds.get(commandId);
            if (first != null) {
                if (!first.equals(command)) {
                    throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "command id " + commandId + " of task "
                            + id + " was used for " + first.kind() + ", not for this " + command.kind());
                }
                return commandId; // a retry: stored once, maybe applied already
            }
            if (task.quarantined() || task.state == null) {
                throw new WindlassException(ErrorCode.DECODE_FAILED, "task " + id + " is quarantined (undecodable "
                        + (task.rawTask != null ? "record" : "state") + "): fix or delete it first");
            }
            TaskState state = task.state.state();
            if (store.finished.contains(id) || state.code().terminal()) {
                throw new WindlassException(ErrorCode.TASK_FINISHED,
                        "task " + id + " is finished (" + state.code() + "): it accepts no commands");
            }
            if (!TaskStateMachine.standard().allows(state.code(), command.kind())) {
                throw new WindlassException(ErrorCode.ILLEGAL_TRANSITION,
                        "task " + id + ": " + command.kind() + " is not allowed in " + state.code());
            }
            TaskCommand stored = new TaskCommand(commandId != null ? commandId : "cmd-" + store.nextRevision(),
                    command, store.now());
            task.commands.put(stored.id(), stored);
            task.commandIds.put(stored.id(), command);
            NodeEntry owner = task.owner == null ? null : store.nodes.get(task.owner);
            if (owner != null) {
                events.deliver(owner, "commandArrived(" + id + ", " + stored.id() + ")",
                        l -> l.commandArrived(id, stored));
            }
            return stored.id();
        });
    }

    @Override
    public Optional<TaskView> get(String id) {
        open();
        Objects.requireNonNull(id, "id");
        return store.tx(events -> Optional.ofNullable(store.tasks.get(id)).map(store::view));
    }

    @Override
    public List<TaskView> list(TaskFilter filter) {
        open();
        Objects.requireNonNull(filter, "filter");
        return store.tx(events -> {
            List<TaskView> page = new ArrayList<>();
            var candidates = filter.after() == null ? store.tasks.values()
                    : store.tasks.tailMap(filter.after(), false).values();
            for (TaskEntry task : candidates) {
                if (page.size() >= filter.limit() || filter.pastPrefix(task.id)) {
                    break;
                }
                boolean idMatches = filter.idMatches(task.id)
                        && (filter.type() == null || (task.record != null && filter.type().equals(task.record.type())));
                boolean stateMatches = filter.state() == null
                        || (task.state != null && task.state.state().code() == filter.state());
                boolean ownerMatches = filter.owner() == null || filter.owner().equals(task.owner);
                if (idMatches && stateMatches && ownerMatches) {
                    page.add(store.view(task));
                }
            }
            return page;
        });
    }

    @Override
    public List<NodeInfo> nodes() {
        open();
        return store.tx(events -> store.nodeInfos());
    }

    @Override
    public String nodeCommand(String nodeId, String kind, String taskId) {
        open();
        Objects.requireNonNull(nodeId, "nodeId");
        if (kind == null || kind.isBlank()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a node command needs a kind");
        }
        if (NodeCommand.STOP_TASK.equals(kind)) {
            TaskRecord.requireValidId(taskId);
        }
        return store.tx(events -> {
            NodeEntry node = store.nodes.get(nodeId);
            if (node == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "no live node '" + nodeId + "'");
            }
            NodeCommand command = new NodeCommand("ncmd-" + store.nextRevision(), kind, taskId);
            node.commands.put(command.id(), command);
            events.deliver(node, "nodeCommand(" + command.id() + ")", l -> l.nodeCommand(command));
            return command.id();
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    /** An upper-bound estimate of the command's wire size: only an Error's message and type vary. */
    private static int encodedSize(Command command) {
        int size = 128;
        if (command instanceof Command.Error error) {
            size += utf8(error.error().message()) + utf8(error.error().type());
        }
        return size;
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void open() {
        if (closed) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "task client is closed");
        }
    }
}
