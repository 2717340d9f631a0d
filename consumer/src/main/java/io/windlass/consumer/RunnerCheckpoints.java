package io.windlass.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code checkpointNow} calls of a task's running callback: those waiting for the next write and those the write
 * in flight stores. Several waiting calls go out as ONE write of the newest data (an older position is superseded),
 * and all of them succeed when it is stored. Allocates nothing while no call waits (one per claimed task). Used from
 * the task's mailbox only.
 */
final class RunnerCheckpoints {
    private List<CheckpointNow> waiting;
    private List<CheckpointNow> sent;

    /**
     * Queues {@code request} of the callback running now; a request of a callback that no longer runs here
     * ({@code running} false) fails at once.
     *
     * @return true when queued
     */
    boolean add(CheckpointNow request, boolean running, String taskId) {
        if (!running) {
            request.fail(new WindlassException(ErrorCode.ILLEGAL_STATE, "task " + taskId + ": checkpointNow of a"
                    + " callback that no longer runs here"));
            return false;
        }
        if (waiting == null) {
            waiting = new ArrayList<>(2);
        }
        waiting.add(request);
        return true;
    }

    boolean hasWaiting() {
        return waiting != null;
    }

    /** Moves the waiting calls to "sent" and returns the data to write: the newest call's. */
    JsonNode send() {
        sent = waiting;
        waiting = null;
        return sent.get(sent.size() - 1).data();
    }

    /** The write in flight is stored: its calls return. */
    void stored() {
        if (sent != null) {
            sent.forEach(CheckpointNow::stored);
            sent = null;
        }
    }

    /** The write in flight was refused: its calls throw {@code error}. */
    void failed(WindlassException error) {
        if (sent != null) {
            sent.forEach(r -> r.fail(error));
            sent = null;
        }
    }

    /** The task stopped here: every call, sent or waiting, throws {@code error}. */
    void failAll(WindlassException error) {
        failed(error);
        if (waiting != null) {
            waiting.forEach(r -> r.fail(error));
            waiting = null;
        }
    }
}
