/** The stable JSON wire format of states and commands (docs/wire-format.md) and its typed decode error. */
package io.windlass.statemachine.codec;
