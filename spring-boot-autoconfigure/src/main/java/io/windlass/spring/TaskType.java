package io.windlass.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The task type a {@link io.windlass.statemachine.handler.TaskHandler} bean runs, on its class or on its
 * {@code @Bean} method:
 *
 * <pre>{@code
 * @Component
 * @TaskType("invoice")
 * class InvoiceHandler implements TaskHandler<InvoiceHandler.Props> { ... }
 * }</pre>
 *
 * The name must match {@code [a-z0-9][a-z0-9._-]{0,63}} and be unique among the application's handler beans; a bean
 * without it needs {@code windlass.handler-types.<bean name>=<type>}. Either mistake fails start-up naming the bean.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TaskType {
    /** The task type name. */
    String value();
}
