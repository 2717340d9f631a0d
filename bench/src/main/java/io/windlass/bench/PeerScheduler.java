package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A scheduler a Java team would pick instead of Windlass, driven by {@link PeersBench} on its own PostgreSQL: instances
 * (three per benchmark, in this JVM, each on its own connection pool; one more in a child JVM for failover) running
 * the same three kinds of work as Windlass's benchmarks, as far as the peer can express them.
 */
abstract class PeerScheduler {
    /** Task ids are {@code t-<i>}. */
    enum Work {
        /** Trivial recurring executions: each run reschedules itself to now (the shape of {@code transitions}). */
        STEP,
        /** Scheduled a year ahead, never due (the shape of {@code idle-scale}). */
        IDLE,
        /** Long-running executions held by one process ({@code failover}): block in the holder, record elsewhere. */
        HOLD
    }

    /** Every instance's threads (both peers default to 10; 20 matches the peers' own high-throughput examples). */
    static final int THREADS = 20;

    abstract String name();

    /** The settings used, as reported in the JSON (documented defaults and what the bench changed, and why). */
    abstract ObjectNode settings(Duration deadAfter);

    /** Drops and creates the peer's tables (its documented PostgreSQL schema). */
    abstract void createSchema(PeerDb db);

    /** Starts one instance named {@code node}; {@code threads} executor threads; {@code deadAfter} for failover. */
    abstract Instance start(String jdbcUrl, String node, int threads, Duration deadAfter);

    /** Executions currently running on {@code node}, from the peer's tables. */
    abstract long runningOn(PeerDb db, String node);

    /** Total bytes of the peer's tables and indexes. */
    abstract long tableBytes(PeerDb db);

    /**
     * What the peer can express of Windlass's task model: {@code pause_resume_running_task}, {@code commands},
     * {@code fenced_ownership} as {@code true} or {@code null}, with {@code notes.<key>}.
     */
    abstract ObjectNode expresses();

    /** One running instance. */
    interface Instance extends AutoCloseable {
        /** Schedules tasks {@code t-from .. t-(to-1)} of {@code work}: STEP and HOLD due now, IDLE in a year. */
        void schedule(Work work, int from, int to);

        /** Stops the instance (without waiting for held executions). */
        @Override
        void close();
    }

    /** What executions did, shared by the peers' handlers in this JVM (and set in a holding child JVM). */
    static final class Recorder {
        /** True in the child JVM that holds the work: HOLD executions block forever. */
        static volatile boolean holding;
        static final LongAdder STEPS = new LongAdder();
        /** {@code System.nanoTime()} of the kill; HOLD executions that start later are "moved". */
        static final AtomicLong KILLED_AT = new AtomicLong(Long.MAX_VALUE);
        static final Map<String, Long> MOVED = new ConcurrentHashMap<>();
        static final Set<String> EARLY = ConcurrentHashMap.newKeySet();

        private Recorder() {
        }

        static void reset() {
            STEPS.reset();
            KILLED_AT.set(Long.MAX_VALUE);
            MOVED.clear();
            EARLY.clear();
        }

        /** A HOLD execution of {@code id} starts: block in the holder, else record the time since the kill. */
        static void hold(String id) {
            if (holding) {
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        // the holder only ends by SIGKILL; a shutdown interrupt is ignored on purpose
                    }
                }
            }
            long now = System.nanoTime();
            long killed = KILLED_AT.get();
            if (now > killed) {
                MOVED.putIfAbsent(id, now - killed);
            } else {
                EARLY.add(id);
            }
        }
    }
}
