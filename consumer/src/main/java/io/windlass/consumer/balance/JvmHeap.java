package io.windlass.consumer.balance;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/** {@link ResourceReporter#jvmHeap()}: used heap of the maximum (or, without one, of the committed heap). */
final class JvmHeap implements ResourceReporter {
    static final JvmHeap INSTANCE = new JvmHeap(ManagementFactory.getMemoryMXBean());

    private final MemoryMXBean memory;

    private JvmHeap(MemoryMXBean memory) {
        this.memory = memory;
    }

    @Override
    public Usage read() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long total = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return new Usage(heap.getUsed(), Math.max(1, total), "bytes");
    }

    @Override
    public String toString() {
        return "JvmHeap";
    }
}
