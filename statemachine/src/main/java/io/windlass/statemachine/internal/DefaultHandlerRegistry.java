package io.windlass.statemachine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskHandler;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The immutable task type → handler map. A handler without props declares {@code Void} (props must then be absent
 * or {@code {}}, and decode to null); one that wants the raw JSON declares {@code JsonNode}. Other props are decoded with the codec's mapper (unknown properties ignored,
 * floats for ints refused); failures become INVALID_ARGUMENT naming the type and the
 * problem. Thread-safe once built.
 */
public final class DefaultHandlerRegistry implements HandlerRegistry {
    static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Map<String, TaskHandler<?>> handlers;
    private final ObjectMapper mapper = JacksonWireCodec.sharedMapper();

    private DefaultHandlerRegistry(Map<String, TaskHandler<?>> handlers) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    public static HandlerRegistry.Builder builder() {
        return new BuilderImpl();
    }

    @Override
    public TaskHandler<?> handler(String type) {
        TaskHandler<?> h = type == null ? null : handlers.get(type);
        if (h == null) {
            throw new WindlassException(ErrorCode.UNKNOWN_TASK_TYPE,
                    "no handler for task type '" + type + "' (known types: " + types() + ")");
        }
        return h;
    }

    @Override
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }

    @Override
    public Object decodeProps(String type, JsonNode props) {
        Class<?> propsType = handler(type).propsType();
        boolean absent = props == null || props.isNull() || props.isMissingNode();
        if (propsType == Void.class) {
            if (!absent && !(props.isObject() && props.isEmpty())) {
                throw invalid(type, "this task type takes no props (its props type is Void), got " + props.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT));
            }
            return null;
        }
        if (JsonNode.class.isAssignableFrom(propsType)) {
            JsonNode node = absent ? mapper.createObjectNode() : props.deepCopy();
            if (!propsType.isInstance(node)) {
                throw invalid(type, "props must be a JSON " + propsType.getSimpleName() + ", was "
                        + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            return node;
        }
        JsonNode input = absent ? mapper.createObjectNode() : props;
        Object value;
        try {
            value = mapper.treeToValue(input, propsType);
        } catch (Exception e) {
            throw invalid(type, PropsProblem.describe(e, absent));
        }
        if (value == null) {
            throw invalid(type, "props decode to null");
        }
        return value;
    }

    private static WindlassException invalid(String type, String problem) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, "invalid props for task type '" + type + "': " + problem);
    }

    private static final class BuilderImpl implements HandlerRegistry.Builder {
        private final Map<String, TaskHandler<?>> handlers = new LinkedHashMap<>();

        @Override
        public Builder register(String type, TaskHandler<?> handler) {
            if (type == null || !TYPE_NAME.matcher(type).matches()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task type name '" + type
                        + "' must match " + TYPE_NAME.pattern());
            }
            if (handler == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "handler for task type '" + type + "' is null");
            }
            if (handlers.containsKey(type)) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "task type '" + type
                        + "' is already registered (" + handlers.get(type).getClass().getName() + ")");
            }
            Class<?> propsType = handler.propsType();
            if (propsType == null) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "handler for task type '" + type
                        + "' (" + handler.getClass().getName() + ") returns a null propsType()");
            }
            if (!JsonNode.class.isAssignableFrom(propsType) && (propsType.isPrimitive() || propsType.isInterface()
                    || Modifier.isAbstract(propsType.getModifiers()))) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "props type " + propsType.getName()
                        + " of task type '" + type + "' cannot be decoded: use a record or class (or JsonNode)");
            }
            handlers.put(type, handler);
            return this;
        }

        @Override
        public HandlerRegistry build() {
            return new DefaultHandlerRegistry(handlers);
        }
    }
}
