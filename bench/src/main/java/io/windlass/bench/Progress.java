package io.windlass.bench;

import java.io.PrintWriter;

/**
 * The progress line on stderr while a benchmark runs: {@code bench <name>: <phase> <detail>}. Throttled to one line
 * per second (phase changes always print). Thread-safe. A sink of {@code null} prints nothing (tests).
 */
final class Progress {
    private static final long EVERY_NANOS = 1_000_000_000L;
    private final PrintWriter sink;
    private String bench = "";
    private String phase = "";
    private long lastNanos;

    Progress(PrintWriter sink) {
        this.sink = sink;
    }

    synchronized void bench(String name) {
        bench = name;
        phase = "";
    }

    /** A new phase: always printed. */
    synchronized void phase(String name) {
        phase = name;
        print("");
    }

    /** A detail of the current phase: printed at most once a second. */
    void tick(java.util.function.Supplier<String> detail) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastNanos >= EVERY_NANOS) {
                print(" " + detail.get());
            }
        }
    }

    /** A free-form note (always printed). */
    synchronized void note(String text) {
        if (sink != null) {
            sink.println("bench " + bench + ": " + text);
            sink.flush();
        }
    }

    private void print(String detail) {
        lastNanos = System.nanoTime();
        if (sink != null) {
            sink.println("bench " + bench + ": " + phase + detail);
            sink.flush();
        }
    }
}
