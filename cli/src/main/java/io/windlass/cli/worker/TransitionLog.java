package io.windlass.cli.worker;

import io.windlass.consumer.ConsumerListener;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured {@code key=value} line per event of a worker node, at INFO: every stored transition
 * ({@code transition task=c1 from=RUNNABLE command=SLEEP to=SLEEPING version=4 fence=1234 node=w1}), claims, releases,
 * lost claims, rejected commands and finished tasks. Fault-tolerance tests and operators grep these lines.
 * Thread-safe (the logger is).
 */
final class TransitionLog implements ConsumerListener {
    private static final Logger LOG = LoggerFactory.getLogger(TransitionLog.class);
    private final String node;
    private final java.util.Map<String, Long> fences = new java.util.concurrent.ConcurrentHashMap<>();

    TransitionLog(String node) {
        this.node = node;
    }

    @Override
    public void taskClaimed(String taskId, long fence) {
        fences.put(taskId, fence);
        LOG.info("claimed task={} fence={} node={}", taskId, fence, node);
    }

    @Override
    public void transitionStored(String taskId, Transition t, TaskState state) {
        LOG.info("transition task={} from={} command={} to={} version={} fence={} node={}{}", taskId, t.from(),
                t.command(), t.to(), t.version(), fences.getOrDefault(taskId, 0L), node,
                state.data() == null ? "" : " data=" + state.data());
    }

    @Override
    public void commandRejected(String taskId, TaskCommand command, String reason) {
        LOG.info("rejected task={} command={} id={} node={} reason=\"{}\"", taskId, command.command().kind(),
                command.id(), node, reason);
    }

    @Override
    public void claimLost(String taskId, String reason) {
        Long fence = fences.remove(taskId);
        LOG.info("claim-lost task={} fence={} node={} reason=\"{}\"", taskId, fence, node, reason);
    }

    @Override
    public void taskReleased(String taskId, String reason) {
        Long fence = fences.remove(taskId);
        LOG.info("released task={} fence={} node={} reason=\"{}\"", taskId, fence, node, reason);
    }

    @Override
    public void taskFinished(String taskId, StateCode state) {
        Long fence = fences.remove(taskId);
        LOG.info("finished task={} state={} fence={} node={}", taskId, state, fence, node);
    }

    @Override
    public void shutdownOverdue(Set<String> taskIds) {
        LOG.warn("shutdown-overdue node={} tasks={}", node, taskIds);
    }

    @Override
    public void terminated() {
        LOG.info("terminated node={}", node);
    }
}
