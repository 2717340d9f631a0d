package io.windlass.consumer.balance;

import java.util.List;

/** {@link ResourceReporter#highest}: the reading with the highest percentage of several reporters. */
final class HighestUsage implements ResourceReporter {
    private final List<ResourceReporter> reporters;

    HighestUsage(List<ResourceReporter> reporters) {
        if (reporters.isEmpty()) {
            throw new IllegalArgumentException("highest() needs at least one reporter");
        }
        this.reporters = List.copyOf(reporters);
    }

    @Override
    public Usage read() {
        Usage highest = null;
        for (ResourceReporter r : reporters) {
            Usage u = r.read();
            if (highest == null || u.percent() > highest.percent()) {
                highest = u;
            }
        }
        return highest;
    }

    @Override
    public String toString() {
        return "Highest" + reporters;
    }
}
