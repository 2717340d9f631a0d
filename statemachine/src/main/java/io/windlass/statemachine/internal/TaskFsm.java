package io.windlass.statemachine.internal;

import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import org.squirrelframework.foundation.fsm.impl.AbstractStateMachine;

/**
 * The squirrel-foundation machine type of the task table. It has no actions: squirrel only decides the target
 * state, all effects (until, errors, version) are computed outside it. Public only because squirrel instantiates
 * it reflectively (the package is not exported; module-info opens it to squirrel).
 */
public final class TaskFsm extends AbstractStateMachine<TaskFsm, StateCode, CommandKind, Object> {
    /** Called reflectively by squirrel's builder. */
    public TaskFsm() {
    }
}
