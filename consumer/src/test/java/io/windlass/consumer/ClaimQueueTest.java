package io.windlass.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimQueueTest {
    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");
    private final ClaimQueue queue = new ClaimQueue();
    private final Random random = new Random(7);

    private static ClaimQueue.Item item(String id) {
        return new ClaimQueue.Item(new TaskRecord(id, "job", null, AT), AT);
    }

    @Test
    void ownTasksAreTakenFirstAndOthersOnlyPeekedUntilRemoved() {
        ClaimQueue.Item a = item("a");
        ClaimQueue.Item b = item("b");
        ClaimQueue.Item x = item("x");
        queue.add(a, true);
        queue.add(x, false);
        queue.add(b, true);

        Set<String> taken = new HashSet<>();
        taken.add(queue.takeMine(random).task.id());
        taken.add(queue.takeMine(random).task.id());
        assertThat(taken).containsExactlyInAnyOrder("a", "b");
        assertThat(queue.takeMine(random)).isNull();
        assertThat(queue.peekOther(random)).isSameAs(x);
        assertThat(queue.size()).isEqualTo(1);
        queue.remove(x);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peekOther(random)).isNull();
        assertThat(x.queued()).isFalse();
    }

    @Test
    void removingFromTheMiddleKeepsEveryOtherItemReachable() {
        List<ClaimQueue.Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ClaimQueue.Item it = item("t" + i);
            items.add(it);
            queue.add(it, i % 2 == 0);
        }
        for (int i = 0; i < 100; i += 3) {
            queue.remove(items.get(i));
            queue.remove(items.get(i)); // twice: no effect
        }
        Set<String> left = new HashSet<>();
        ClaimQueue.Item it;
        while ((it = queue.takeMine(random)) != null) {
            left.add(it.task.id());
        }
        while ((it = queue.peekOther(random)) != null) {
            left.add(it.task.id());
            queue.remove(it);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            if (i % 3 != 0) {
                expected.add("t" + i);
            }
        }
        assertThat(left).isEqualTo(expected);
    }

    @Test
    void reclassifyMovesItemsBetweenTheParts() {
        ClaimQueue.Item a = item("a");
        ClaimQueue.Item b = item("b");
        queue.add(a, true);
        queue.add(b, false);

        queue.reclassify(i -> i.task.id().equals("b"));

        assertThat(queue.takeMine(random)).isSameAs(b);
        assertThat(queue.takeMine(random)).isNull();
        assertThat(queue.peekOther(random)).isSameAs(a);
    }

    @Test
    void anItemIsQueuedOnceAtATimeAndClearForgetsAll() {
        ClaimQueue.Item a = item("a");
        queue.add(a, true);
        assertThatThrownBy(() -> queue.add(a, false)).isInstanceOf(IllegalStateException.class);
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(a.queued()).isFalse();
        queue.add(a, false); // may be queued again
        assertThat(queue.size()).isEqualTo(1);
    }
}
