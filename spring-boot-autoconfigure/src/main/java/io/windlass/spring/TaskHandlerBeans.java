package io.windlass.spring;

import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;

/**
 * The application's {@link TaskHandler} beans as a {@link HandlerRegistry}: each bean's task type comes from
 * {@link TaskType} (on its class or {@code @Bean} method) or from {@code windlass.handler-types.<bean name>}. A bean
 * without a type, two beans with one type, a bad type name or a property naming no handler bean fail start-up
 * (INVALID_ARGUMENT naming the bean and the property).
 *
 * <p>{@link #byType(ApplicationContext)} gives the same mapping to tests, e.g. to run the application's handler beans
 * in a {@code TaskHarness} on virtual time without etcd (docs/spring-boot.md#testing).
 */
public final class TaskHandlerBeans {
    private static final Logger LOG = LoggerFactory.getLogger(TaskHandlerBeans.class);
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private TaskHandlerBeans() {
    }

    /**
     * The context's handler beans by task type ({@code windlass.handler-types} read from its environment), in bean
     * definition order, e.g. {@code TaskHandlerBeans.byType(context).forEach(harnessBuilder::register)}.
     *
     * @throws WindlassException INVALID_ARGUMENT as at start-up (no type, duplicate, bad name)
     */
    public static Map<String, TaskHandler<?>> byType(ApplicationContext context) {
        Map<String, String> types = Binder.get(context.getEnvironment())
                .bind("windlass.handler-types", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return byType(context, types);
    }

    static HandlerRegistry registry(ListableBeanFactory beans, Map<String, String> handlerTypes) {
        HandlerRegistry.Builder registry = HandlerRegistry.builder();
        byType(beans, handlerTypes).forEach(registry::register);
        return registry.build();
    }

    static Map<String, TaskHandler<?>> byType(ListableBeanFactory beans, Map<String, String> handlerTypes) {
        Map<String, String> beanByType = new LinkedHashMap<>();
        Map<String, TaskHandler<?>> handlers = new LinkedHashMap<>();
        HandlerRegistry.Builder check = HandlerRegistry.builder();
        String[] names = beans.getBeanNamesForType(TaskHandler.class, false, true);
        for (String name : names) {
            String type = typeOf(beans, name, handlerTypes.get(name));
            String other = beanByType.putIfAbsent(type, name);
            if (other != null) {
                throw NamespaceTargets.invalid("windlass.handler-types", "task type '" + type
                        + "' is claimed by the TaskHandler beans '" + other + "' and '" + name
                        + "' (@TaskType or windlass.handler-types): one handler bean per task type");
            }
            TaskHandler<?> handler = beans.getBean(name, TaskHandler.class);
            handlers.put(type, handler);
            try {
                check.register(type, handler);
            } catch (WindlassException e) {
                throw NamespaceTargets.invalid("windlass.handler-types." + name, "TaskHandler bean '" + name + "': "
                        + NamespaceTargets.problem(e));
            }
        }
        for (String name : handlerTypes.keySet()) {
            NamespaceTargets.check(java.util.Arrays.asList(names).contains(name), "windlass.handler-types." + name,
                    "there is no TaskHandler bean named '" + name + "' (handler beans: "
                            + java.util.Arrays.toString(names) + ")");
        }
        if (beanByType.isEmpty()) {
            LOG.warn("no TaskHandler bean: this worker claims no task (declare handler beans with @TaskType, or set "
                    + "windlass.worker.enabled=false for a client-only application)");
        } else {
            LOG.info("task handlers: {}", beanByType);
        }
        return handlers;
    }

    private static String typeOf(ListableBeanFactory beans, String name, String fromProperty) {
        TaskType annotation = beans.findAnnotationOnBean(name, TaskType.class);
        String fromAnnotation = annotation == null ? null : annotation.value();
        String property = "windlass.handler-types." + name;
        if (fromAnnotation != null && fromProperty != null && !fromAnnotation.equals(fromProperty)) {
            throw NamespaceTargets.invalid(property, "TaskHandler bean '" + name + "' has @TaskType(\""
                    + fromAnnotation + "\") and the property says '" + fromProperty + "': give one");
        }
        String type = fromProperty != null ? fromProperty : fromAnnotation;
        if (type == null) {
            throw NamespaceTargets.invalid(property, "TaskHandler bean '" + name + "' ("
                    + beans.getType(name) + ") has no task type: annotate it with @TaskType(\"my-type\") or set "
                    + property + "=my-type");
        }
        NamespaceTargets.check(TYPE.matcher(type).matches(), fromProperty != null ? property : "@TaskType",
                "TaskHandler bean '" + name + "': task type name '" + type + "' must match " + TYPE.pattern());
        return type;
    }
}
