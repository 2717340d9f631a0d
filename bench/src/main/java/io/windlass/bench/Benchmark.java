package io.windlass.bench;

import java.time.Duration;

/** One benchmark: measures the raw baseline and the framework on {@code ctx.etcd()} and returns both. */
interface Benchmark {

    /** The name on the command line ({@code transitions}, {@code claim-storm}, ...). */
    String name();

    /**
     * Runs on the caller's thread. Throws {@link io.windlass.statemachine.WindlassException} (UNAVAILABLE) if etcd
     * fails; leaves no node or client running.
     */
    Result run(Context ctx);

    /** How big a run is: {@code FULL} (the sizes), {@code QUICK} (CI smoke, ~3 min for all), {@code TINY} (tests). */
    enum Size { TINY, QUICK, FULL }

    /**
     * What a benchmark gets: the etcd, the size, the progress line, the deadline of each etcd call, and a task count
     * given on the command line ({@code --tasks}; 0 = the size's own).
     */
    record Context(EtcdTarget etcd, Size size, Progress progress, Duration timeout, int tasks) {
        public Context {
            if (tasks < 0) {
                throw new IllegalArgumentException("tasks must be >= 0, was " + tasks);
            }
        }

        public Context(EtcdTarget etcd, Size size, Progress progress, Duration timeout) {
            this(etcd, size, progress, timeout, 0);
        }

        /** The {@code --tasks} count if one was given, else {@link #pick}'s. */
        int pickTasks(int tiny, int quick, int full) {
            return tasks > 0 ? tasks : pick(tiny, quick, full);
        }

        boolean quick() {
            return size != Size.FULL;
        }

        int pick(int tiny, int quick, int full) {
            return size == Size.TINY ? tiny : size == Size.QUICK ? quick : full;
        }

        Duration seconds(int tiny, int quick, int full) {
            return Duration.ofSeconds(pick(tiny, quick, full));
        }
    }
}
