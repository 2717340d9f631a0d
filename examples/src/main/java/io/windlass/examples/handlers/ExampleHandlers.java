package io.windlass.examples.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The example task types and their registry. */
public final class ExampleHandlers {
    private static final Map<String, Class<? extends Record>> PROPS = Map.of(
            CounterProps.TYPE, CounterProps.class,
            FlakyProps.TYPE, FlakyProps.class,
            ForeverProps.TYPE, ForeverProps.class,
            StreamProps.TYPE, StreamProps.class);

    private ExampleHandlers() {
    }

    /** A registry with {@code counter}, {@code flaky}, {@code forever} and {@code stream}. */
    public static HandlerRegistry registry() {
        return HandlerRegistry.builder()
                .register(CounterProps.TYPE, new CounterHandler())
                .register(FlakyProps.TYPE, new FlakyHandler())
                .register(ForeverProps.TYPE, new ForeverHandler())
                .register(StreamProps.TYPE, new StreamHandler())
                .build();
    }

    /**
     * Validates {@code props} for {@code type} as a client should before submitting: an object (or null) with no
     * unknown fields (a typo such as {@code "step"} is an error, not a silently applied default), decoded and checked
     * by {@code registry}.
     *
     * @return the decoded props
     * @throws WindlassException UNKNOWN_TASK_TYPE or INVALID_ARGUMENT naming the type and what is wrong
     */
    public static Object validateProps(HandlerRegistry registry, String type, JsonNode props) {
        Class<? extends Record> propsType = PROPS.get(type);
        if (propsType != null && props != null && !props.isNull()) {
            if (!props.isObject()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        type + " props must be a JSON object, not " + props.getNodeType().name().toLowerCase());
            }
            List<String> known = Arrays.stream(propsType.getRecordComponents()).map(RecordComponent::getName).toList();
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                        type + " props: unknown field(s) " + unknown + "; known fields are " + known);
            }
        }
        return registry.decodeProps(type, props);
    }
}
