package io.windlass.consumer;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The pacer's offered tasks waiting for their claim, in two parts: the tasks this node is the preferred claimer of, and
 * the others. Picks are random (nodes offered the same tasks pick in different orders); adding, picking and removing
 * an item take O(1). Owned by the consumer's control mailbox (not thread-safe).
 */
final class ClaimQueue {
    /** A task waiting for, or on its way to, its claim. */
    static final class Item {
        final TaskRecord task;
        final Instant offeredAt;
        boolean sent;
        private boolean mine;
        /** Position in its part of the queue, or -1 while not queued. */
        private int index = -1;

        Item(TaskRecord task, Instant offeredAt) {
            this.task = task;
            this.offeredAt = offeredAt;
        }

        boolean queued() {
            return index >= 0;
        }

        /** True if it was queued as a task this node is the preferred claimer of. */
        boolean preferredHere() {
            return mine;
        }
    }

    private final ArrayList<Item> mine = new ArrayList<>();
    private final ArrayList<Item> others = new ArrayList<>();

    void add(Item item, boolean preferredHere) {
        if (item.queued()) {
            throw new IllegalStateException("already queued: " + item.task.id());
        }
        item.mine = preferredHere;
        List<Item> part = preferredHere ? mine : others;
        item.index = part.size();
        part.add(item);
    }

    /** Removes {@code item} if it is queued. */
    void remove(Item item) {
        if (item.queued()) {
            removeAt(item.mine ? mine : others, item.index);
        }
    }

    boolean isEmpty() {
        return mine.isEmpty() && others.isEmpty();
    }

    int size() {
        return mine.size() + others.size();
    }

    /** Removes and returns a random task this node is the preferred claimer of, or null if there is none. */
    Item takeMine(Random random) {
        return mine.isEmpty() ? null : removeAt(mine, random.nextInt(mine.size()));
    }

    /**
     * The task to decide on next, still queued: a random one this node is the preferred claimer of if there is any,
     * else a random one of the others, or null if the queue is empty.
     */
    Item peekNext(Random random) {
        if (!mine.isEmpty()) {
            return mine.get(random.nextInt(mine.size()));
        }
        return peekOther(random);
    }

    /** A random task another node is the preferred claimer of (still queued), or null if there is none. */
    Item peekOther(Random random) {
        return others.isEmpty() ? null : others.get(random.nextInt(others.size()));
    }

    /** Sorts every queued task again (the live nodes changed). */
    void reclassify(Predicate<Item> preferredHere) {
        List<Item> all = new ArrayList<>(size());
        all.addAll(mine);
        all.addAll(others);
        clear();
        for (Item item : all) {
            add(item, preferredHere.test(item));
        }
    }

    void clear() {
        mine.forEach(i -> i.index = -1);
        others.forEach(i -> i.index = -1);
        mine.clear();
        others.clear();
    }

    /** Removes the element at {@code i} in O(1): the last element takes its place. */
    private static Item removeAt(ArrayList<Item> part, int i) {
        Item item = part.get(i);
        Item last = part.remove(part.size() - 1);
        if (last != item) {
            part.set(i, last);
            last.index = i;
        }
        item.index = -1;
        return item;
    }
}
