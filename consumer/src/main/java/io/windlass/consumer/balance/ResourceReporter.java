package io.windlass.consumer.balance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How much of a resource this node uses, for a {@link ResourceBalancer} ({@link Balancer#resource(ResourceReporter,
 * double, double)}): Metafora's {@code ResourceReporter}. {@link #read()} is called on the consumer's control loop
 * (from {@code canClaim} and {@code balance}), so it must be quick; a reporter that throws counts as 100 % used there.
 */
public interface ResourceReporter {

    /**
     * One reading: {@code used} of {@code total}, in {@code unit}.
     *
     * @param used  at least 0 (a reading above {@code total} counts as 100 %)
     * @param total more than 0
     * @param unit  what the numbers count, e.g. "kB" or "bytes" (for logs)
     */
    record Usage(long used, long total, String unit) {
        public Usage {
            Objects.requireNonNull(unit, "unit");
            if (used < 0 || total <= 0) {
                throw new IllegalArgumentException("usage needs used >= 0 and total > 0, was " + used + " of "
                        + total + " " + unit);
            }
        }

        /** {@code used / total} in percent, at most 100. */
        public double percent() {
            return Math.min(100.0, used * 100.0 / total);
        }
    }

    /** Reads the resource now. */
    Usage read();

    /** {@link #read()} as a percentage (what the {@link ResourceBalancer} compares with its limits). */
    default double percent() {
        return read().percent();
    }

    /**
     * This host's memory as Metafora's {@code resreporter/mem_linux.go} counts it: used = MemTotal − (MemFree +
     * Buffers + Cached) from {@code /proc/meminfo}, in kB. Unlike that code, which never parsed MemFree (its flag is
     * never set) and so counted free memory as used, this one subtracts it.
     *
     * @throws IllegalStateException when {@code /proc/meminfo} is not readable (not Linux): fails at configuration
     */
    static ResourceReporter linuxMemory() {
        return linuxMemory(Path.of("/proc/meminfo"));
    }

    /** {@link #linuxMemory()} reading {@code meminfo} (a copy of {@code /proc/meminfo}'s format). */
    static ResourceReporter linuxMemory(Path meminfo) {
        return LinuxMemory.at(meminfo);
    }

    /**
     * This JVM's heap: used of the maximum heap (of the committed heap when the JVM has no maximum), in bytes. Used
     * heap includes garbage not yet collected, so it swings with the collector: keep the release limit well above
     * the claim limit.
     */
    static ResourceReporter jvmHeap() {
        return JvmHeap.INSTANCE;
    }

    /**
     * The reading with the highest percentage among {@code reporters}, e.g. {@code highest(linuxMemory(), jvmHeap())}:
     * a node is as full as its fullest resource.
     */
    static ResourceReporter highest(ResourceReporter... reporters) {
        return new HighestUsage(List.of(reporters));
    }
}
