/**
 * Implementation, not exported: the transition table as data ({@code TransitionTable}, checked when built), the
 * squirrel-foundation machine built from it ({@code SquirrelTaskStateMachine}: one prepared builder, a transient
 * machine per {@code apply}, no actions), the error policies, the handler registry, the Jackson wire codec and the
 * state-diagram renderer. Public classes here exist only as entry points for the API's static factories (and for
 * squirrel's reflection, see module-info).
 */
package io.windlass.statemachine.internal;
