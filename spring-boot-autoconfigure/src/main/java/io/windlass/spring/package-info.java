/**
 * Windlass for Spring Boot: {@code TaskHandler} beans named by {@link io.windlass.spring.TaskType}, consumers and a
 * {@code TaskClient} configured by {@code windlass.*} ({@link io.windlass.spring.WindlassProperties}), started with
 * the application context and drained in its graceful shutdown ({@link io.windlass.spring.WindlassWorker}), Actuator
 * health and info, and the meters on the application's registry. docs/spring-boot.md.
 */
package io.windlass.spring;
