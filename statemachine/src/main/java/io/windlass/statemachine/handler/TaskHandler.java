package io.windlass.statemachine.handler;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;

/**
 * User code for one task type, written as transition callbacks. The consumer calls a handler only in reaction to a
 * state event, on its callback executor, never two callbacks of the same task at once.
 *
 * <p>{@link #onRunnable} does one chunk of work and returns the next command, for example
 * {@code Command.sleepUntil(ctx.now().plusSeconds(30))}, {@code Command.complete()} or {@code Command.checkpoint()}
 * (persist {@link TaskContext#checkpoint} data and run again). An exception thrown by a callback is recorded as an
 * error (message and exception type) and moves the task to Fault. A returned command that is illegal in the current
 * state is also recorded as an error naming the command and state.
 *
 * <h2>Two styles</h2>
 * <b>Event-driven</b> (the default choice; the counter below): {@code onRunnable} does one step and returns the next
 * command; between steps the task sleeps on a timer and holds no thread, and every step is a stored transition.
 * <b>Long-running</b> (Metafora's): {@code onRunnable} loops for as long as the task runs here — a stream, a log tail,
 * a subscription — waiting between units of work with {@code ctx.stop().await(d)} (true at once when a stop arrives),
 * storing its position with {@link TaskContext#checkpointNow} while it runs, and returning when stopped:
 * <pre>{@code
 * public Command onRunnable(TaskContext<Void> ctx) throws InterruptedException {
 *     long offset = ctx.data() == null ? 0 : ctx.data().get("offset").asLong();
 *     while (!ctx.stop().await(Duration.ofMillis(100))) {  // pause, kill, release, balance, shutdown end the wait
 *         offset = readRecordsAfter(offset);                 // a unit of work
 *         ctx.checkpointNow(position(offset));               // fenced; CLAIM_LOST after a lost claim: return
 *     }
 *     ctx.checkpoint(position(offset));                      // the exact position, stored with the result
 *     return Command.checkpoint();                           // then the stopping command is applied
 * }
 * }</pre>
 * A running loop holds a thread (the consumer gives every running callback one, so loops never starve each other);
 * one that ignores the stop past the consumer's shutdown grace is reported with its thread's stack and abandoned.
 * Pick it for continuous work that lives in a connection or cursor; the event-driven style otherwise.
 *
 * <h2>Example: a counter</h2>
 * A complete handler (compiled and run by {@code CounterHandlerExampleTest}): it counts one step per run, keeps the
 * count in its checkpoint data, sleeps a second between steps and completes after {@code limit} steps. A restart,
 * a lost claim or a move to another node resumes from the last stored count.
 * <pre>{@code
 * import com.fasterxml.jackson.databind.JsonNode;
 * import com.fasterxml.jackson.databind.node.JsonNodeFactory;
 * import io.windlass.statemachine.Command;
 * import io.windlass.statemachine.ErrorCode;
 * import io.windlass.statemachine.WindlassException;
 * import io.windlass.statemachine.handler.HandlerRegistry;
 * import io.windlass.statemachine.handler.TaskContext;
 * import io.windlass.statemachine.handler.TaskHandler;
 *
 * // Props are validated when a task is submitted and again when it is claimed.
 * public record CounterProps(int limit) {
 *     public CounterProps {
 *         if (limit < 1) {
 *             throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "limit must be >= 1, was " + limit);
 *         }
 *     }
 * }
 *
 * public final class CounterHandler implements TaskHandler<CounterProps> {
 *     public Class<CounterProps> propsType() {
 *         return CounterProps.class;
 *     }
 *
 *     public Command onRunnable(TaskContext<CounterProps> ctx) {
 *         JsonNode data = ctx.data();                                  // null on the first run
 *         int count = data == null ? 0 : data.path("count").asInt(0);
 *         count++;                                                     // one step of "work"
 *         ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("count", count)); // stored with the transition
 *         if (count >= ctx.props().limit()) {
 *             return Command.complete();                               // -> COMPLETED
 *         }
 *         if (ctx.stop().requested()) {
 *             return Command.checkpoint();   // a Pause/Kill/Release arrived: persist, then it is applied
 *         }
 *         return Command.sleepUntil(ctx.now().plusSeconds(1));        // -> SLEEPING; a timer sends Run
 *     }
 * }
 *
 * // Registration: bad type names, duplicates and unusable props types fail here; unknown types later fail with
 * // UNKNOWN_TASK_TYPE naming the known ones.
 * HandlerRegistry registry = HandlerRegistry.builder()
 *     .register("counter", new CounterHandler())
 *     .build();
 * }</pre>
 *
 * @param <P> the task's props type, decoded from the task record's JSON props with Jackson
 */
public interface TaskHandler<P> {

    /** The props class; props are decoded (and validated) into it when a task is submitted and when it is claimed. */
    Class<P> propsType();

    /**
     * Runs one step of the task — or, in the long-running style, loops until stopped. Called on a thread of its own
     * (the consumer's callback executor). Honour {@link TaskContext#stop()}: when it is requested (pause, kill,
     * release or sleep arrived, the node balances or shuts down), return promptly — the returned command is applied
     * first, then the arrived commands, in order.
     *
     * @return the next command, never null
     * @throws Exception any failure; recorded as an error, the task moves to Fault
     */
    Command onRunnable(TaskContext<P> ctx) throws Exception;

    /**
     * Decides what a faulted task does: Sleep (retry) or Error (give up → Failed). Defaults to the error policy
     * ({@link TaskContext#errorPolicy()}). Returning anything else is recorded as an error and fails the task.
     */
    default Command onFault(TaskContext<P> ctx) throws Exception {
        var decision = ctx.errorPolicy().decide(ctx.state().errors(), ctx.now());
        ctx.keepErrors(decision.keptErrors());
        return decision.next();
    }

    /**
     * Notification that the task entered {@code state} (Sleeping, Paused or a terminal state) and that state is
     * stored. The return value of the notification is ignored; an exception is logged, not recorded.
     */
    default void onEntered(StateCode state, TaskContext<P> ctx) throws Exception {
    }
}
