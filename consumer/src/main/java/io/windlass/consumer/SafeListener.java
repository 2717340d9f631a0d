package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the registered listeners; a listener that throws is logged and skipped. */
final class SafeListener implements ConsumerListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final List<ConsumerListener> listeners;

    SafeListener(List<ConsumerListener> listeners) {
        this.listeners = new CopyOnWriteArrayList<>(listeners);
    }

    /** Adds a listener after the consumer was built; it sees the events from now on. */
    void add(ConsumerListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private void each(String event, Consumer<ConsumerListener> call) {
        for (ConsumerListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("consumer listener {} failed on {}", l, event, e);
            }
        }
    }

    @Override
    public void taskClaimed(String taskId, long fence) {
        each("taskClaimed", l -> l.taskClaimed(taskId, fence));
    }

    @Override
    public void transitionStored(String taskId, Transition transition, TaskState state) {
        each("transitionStored", l -> l.transitionStored(taskId, transition, state));
    }

    @Override
    public void commandRejected(String taskId, TaskCommand command, String reason) {
        each("commandRejected", l -> l.commandRejected(taskId, command, reason));
    }

    @Override
    public void claimLost(String taskId, String reason) {
        each("claimLost", l -> l.claimLost(taskId, reason));
    }

    @Override
    public void taskReleased(String taskId, String reason) {
        each("taskReleased", l -> l.taskReleased(taskId, reason));
    }

    @Override
    public void taskFinished(String taskId, StateCode state) {
        each("taskFinished", l -> l.taskFinished(taskId, state));
    }

    @Override
    public void callbackOverdue(String taskId, String threadName, List<StackTraceElement> stack) {
        each("callbackOverdue", l -> l.callbackOverdue(taskId, threadName, stack));
    }

    @Override
    public void shutdownOverdue(Set<String> taskIds) {
        each("shutdownOverdue", l -> l.shutdownOverdue(taskIds));
    }

    @Override
    public void claimAttempted(String taskId, String taskType, String result, Duration latency, Duration sinceOffer) {
        each("claimAttempted", l -> l.claimAttempted(taskId, taskType, result, latency, sinceOffer));
    }

    @Override
    public void handlerStarted(String taskId, String taskType, String callback) {
        each("handlerStarted", l -> l.handlerStarted(taskId, taskType, callback));
    }

    @Override
    public void handlerFinished(String taskId, String taskType, String callback, Duration duration, boolean threw) {
        each("handlerFinished", l -> l.handlerFinished(taskId, taskType, callback, duration, threw));
    }

    @Override
    public void commandQueued(String taskId, TaskCommand command) {
        each("commandQueued", l -> l.commandQueued(taskId, command));
    }

    @Override
    public void commandApplied(String taskId, TaskCommand command) {
        each("commandApplied", l -> l.commandApplied(taskId, command));
    }

    @Override
    public void commandsDropped(String taskId, List<TaskCommand> commands) {
        each("commandsDropped", l -> l.commandsDropped(taskId, commands));
    }

    @Override
    public void fenceRejected(String taskId, String reason) {
        each("fenceRejected", l -> l.fenceRejected(taskId, reason));
    }

    @Override
    public void timerFired(String taskId, Duration lateness) {
        each("timerFired", l -> l.timerFired(taskId, lateness));
    }

    @Override
    public void terminated() {
        each("terminated", ConsumerListener::terminated);
    }
}
