package io.windlass.testing.contract;

import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CoordinatorListener} that records every event in arrival order, for tests. Thread-safe: events may arrive
 * on any thread while the test reads snapshots.
 */
public final class RecordingListener implements CoordinatorListener {

    /** A recorded event. */
    public sealed interface Event permits Offered, Lost, CommandArrived, NodeCommandArrived {
    }

    public record Offered(TaskRecord task) implements Event {
    }

    public record Lost(String taskId, long fence) implements Event {
    }

    public record CommandArrived(String taskId, TaskCommand command) implements Event {
    }

    public record NodeCommandArrived(NodeCommand command) implements Event {
    }

    /** A recorded taskTaken hint (kept apart from {@link #events()}: it is a hint any node may receive). */
    public record Taken(String taskId, String nodeId) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<Taken> taken = new ArrayList<>();

    @Override
    public synchronized void taskTaken(String taskId, String nodeId) {
        taken.add(new Taken(taskId, nodeId));
    }

    /** The taskTaken hints so far, in arrival order (not part of {@link #events()}). */
    public synchronized List<Taken> taken() {
        return List.copyOf(taken);
    }

    @Override
    public void taskOffered(TaskRecord task) {
        record(new Offered(task));
    }

    @Override
    public void claimLost(String taskId, long fence) {
        record(new Lost(taskId, fence));
    }

    @Override
    public void commandArrived(String taskId, TaskCommand command) {
        record(new CommandArrived(taskId, command));
    }

    @Override
    public void nodeCommand(NodeCommand command) {
        record(new NodeCommandArrived(command));
    }

    private synchronized void record(Event event) {
        events.add(Objects.requireNonNull(event));
    }

    /** A snapshot of all events so far, in arrival order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Forgets the events recorded so far. */
    public synchronized void clear() {
        events.clear();
        taken.clear();
    }

    /** Ids of offered tasks, in order (with repeats). */
    public List<String> offered() {
        return events().stream().filter(Offered.class::isInstance).map(e -> ((Offered) e).task().id()).toList();
    }

    public List<Lost> lost() {
        return events().stream().filter(Lost.class::isInstance).map(Lost.class::cast).toList();
    }

    /** Commands that arrived for {@code taskId}, in order. */
    public List<TaskCommand> commands(String taskId) {
        return events().stream().filter(CommandArrived.class::isInstance).map(CommandArrived.class::cast)
                .filter(e -> e.taskId().equals(taskId)).map(CommandArrived::command).toList();
    }

    public List<NodeCommand> nodeCommands() {
        return events().stream().filter(NodeCommandArrived.class::isInstance)
                .map(e -> ((NodeCommandArrived) e).command()).toList();
    }
}
