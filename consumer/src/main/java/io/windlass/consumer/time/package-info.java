/** Injected time: the clock and timers the engine runs on (system time in production, virtual in tests). */
package io.windlass.consumer.time;
