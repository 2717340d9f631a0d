package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Latency samples in nanoseconds (thread-safe append; bounded memory: at most {@code capacity} samples are kept, the
 * rest only counted) and their percentiles.
 */
final class Stats {
    private final long[] samples;
    private int size;
    private long count;

    Stats(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void add(long nanos) {
        count++;
        if (size < samples.length) {
            samples[size++] = nanos;
        }
    }

    synchronized long count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, or NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
    }

    /** Puts {@code <prefix>_p50_ms}, {@code _p99_ms} and {@code _max_ms} into {@code node}. */
    void putInto(ObjectNode node, String prefix) {
        put(node, prefix + "_p50_ms", percentileMillis(50));
        put(node, prefix + "_p99_ms", percentileMillis(99));
        put(node, prefix + "_max_ms", percentileMillis(100));
    }

    /** Puts {@code value} rounded to 2 decimals, or JSON null for NaN/infinite (JSON has no NaN). */
    static void put(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(value * 100) / 100.0);
        }
    }
}
