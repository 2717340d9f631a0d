package io.windlass.consumer;

import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;

/** The immutable services one consumer's control loop and task runners share. */
record Engine(String nodeId, Coordinator coordinator, HandlerRegistry registry, TaskStateMachine stateMachine,
              ErrorPolicy errorPolicy, TaskScheduler scheduler, Executor callbackExecutor, Executor loopExecutor,
              ConsumerListener listener, ConsumerSettings settings) {

    Engine {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(stateMachine, "stateMachine");
        Objects.requireNonNull(errorPolicy, "errorPolicy");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        Objects.requireNonNull(loopExecutor, "loopExecutor");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(settings, "settings");
    }

    Instant now() {
        return scheduler.now();
    }
}
