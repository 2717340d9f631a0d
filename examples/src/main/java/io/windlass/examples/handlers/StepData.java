package io.windlass.examples.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;

/**
 * The checkpoint data every example handler stores: {@code {"count":3,"node":"n1","fence":1234}} — how many steps
 * are done, and which node under which fence wrote that count.
 *
 * @param count steps done (>= 0)
 * @param node  id of the node that stored this count ("" before the first step)
 * @param fence fence of that node's claim (0 before the first step)
 */
public record StepData(long count, String node, long fence) {
    public StepData {
        if (count < 0) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "count must be >= 0, was " + count);
        }
        node = node == null ? "" : node;
    }

    /** Data of a task that has done nothing yet. */
    public static StepData none() {
        return new StepData(0, "", 0);
    }

    /** Reads the data; null (no checkpoint yet) is {@link #none()}; a malformed count is INVALID_ARGUMENT. */
    public static StepData from(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return none();
        }
        JsonNode count = data.path("count");
        if (!count.canConvertToLong() || !count.isIntegralNumber()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "checkpoint data has no integer 'count': " + data);
        }
        return new StepData(count.asLong(), data.path("node").asText(""), data.path("fence").asLong(0));
    }

    /** The data after one more step, written by the node and fence of {@code ctx}. */
    public StepData next(TaskContext<?> ctx) {
        return new StepData(count + 1, ctx.nodeId(), ctx.fence());
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("count", count);
        n.put("node", node);
        n.put("fence", fence);
        return n;
    }
}
