/**
 * Example task types that show the model and that tests can observe: {@code counter} (counts steps, sleeping between
 * them, then completes), {@code flaky} (fails at random, exercising Fault, retry and Failed), {@code forever} (a
 * monitor that never completes) — all event-driven — and {@code stream} (Metafora's style: one callback that loops
 * until told to stop, storing its position while it runs).
 * {@link io.windlass.examples.handlers.ExampleHandlers#registry()} registers all four.
 *
 * <p>Every handler stores its progress as checkpoint data {@code {"count":3,"node":"n1","fence":1234}}: the count,
 * and the node id and fence of the writer, stored atomically with the transition — the fencing ledger the
 * fault-tolerance tests read back.
 */
package io.windlass.examples.handlers;
