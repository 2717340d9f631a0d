/** The handler callback API users implement: handlers, their per-callback context, the stop signal, the registry. */
package io.windlass.statemachine.handler;
