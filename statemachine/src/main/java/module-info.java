/** Windlass state machine: states, commands, the checked transition table, error policies, handler API, codec. */
module io.windlass.statemachine {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires squirrel.foundation;
    requires org.slf4j;

    exports io.windlass.statemachine;
    exports io.windlass.statemachine.handler;
    exports io.windlass.statemachine.codec;

    // squirrel-foundation instantiates and inspects the machine type (internal.TaskFsm) reflectively.
    opens io.windlass.statemachine.internal to squirrel.foundation;
}
