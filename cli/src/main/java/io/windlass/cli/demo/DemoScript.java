package io.windlass.cli.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tour the demo runs part-way, as steps due at fractions of the duration: pause a monitor (15 %), run it again
 * (30 %), kill another (40 %), let the busiest node leave (45 %: its tasks move), a new node joins and every node is
 * told to rebalance (60 %). Steps run on the demo's refresh thread, in order, each once.
 */
final class DemoScript {
    /** One step: due at {@code at} (0..1 of the duration). */
    record Step(double at, String name, Runnable action) {
    }

    private final List<Step> steps = new ArrayList<>();
    private int next;

    DemoScript add(double at, String name, Runnable action) {
        steps.add(new Step(at, name, action));
        steps.sort(Comparator.comparingDouble(Step::at));
        return this;
    }

    /** The steps due at {@code progress} (0..1) that have not run yet, in order; each is returned once. */
    List<Step> due(double progress) {
        List<Step> due = new ArrayList<>();
        while (next < steps.size() && steps.get(next).at() <= progress) {
            due.add(steps.get(next++));
        }
        return due;
    }
}
