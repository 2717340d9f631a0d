package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {
    record W(String taskId, int bytes, int seq) implements BatchPlanner.Item {
    }

    @Test
    void takesUpToTheCountLimitInOrder() {
        ArrayDeque<W> q = new ArrayDeque<>();
        for (int i = 0; i < 10; i++) {
            q.add(new W("t" + i, 100, i));
        }
        List<W> batch = BatchPlanner.take(q, 4, 1_000_000);
        assertThat(batch).extracting(W::seq).containsExactly(0, 1, 2, 3);
        assertThat(q).extracting(W::seq).containsExactly(4, 5, 6, 7, 8, 9);
    }

    @Test
    void stopsAtTheByteLimitButAlwaysTakesOne() {
        ArrayDeque<W> q = new ArrayDeque<>(List.of(new W("a", 700, 0), new W("b", 400, 1), new W("c", 10, 2)));
        assertThat(BatchPlanner.take(q, 64, 1000)).extracting(W::seq).containsExactly(0);
        ArrayDeque<W> huge = new ArrayDeque<>(List.of(new W("a", 5000, 0)));
        assertThat(BatchPlanner.take(huge, 64, 1000)).extracting(W::seq).containsExactly(0);
        assertThat(huge).isEmpty();
    }

    @Test
    void atMostOneWritePerTaskPerBatchAndLaterWritesOfThatTaskKeepTheirOrder() {
        ArrayDeque<W> q = new ArrayDeque<>(List.of(new W("a", 1, 0), new W("b", 1, 1), new W("a", 1, 2),
                new W("c", 1, 3), new W("a", 1, 4)));
        assertThat(BatchPlanner.take(q, 64, 1000)).extracting(W::seq).containsExactly(0, 1, 3);
        assertThat(q).extracting(W::seq).containsExactly(2, 4);
        assertThat(BatchPlanner.take(q, 64, 1000)).extracting(W::seq).containsExactly(2);
        assertThat(BatchPlanner.take(q, 64, 1000)).extracting(W::seq).containsExactly(4);
        assertThat(BatchPlanner.take(q, 64, 1000)).isEmpty();
    }

    @Test
    void batchSizeOneIsTheBaseline() {
        ArrayDeque<W> q = new ArrayDeque<>(List.of(new W("a", 1, 0), new W("b", 1, 1)));
        assertThat(BatchPlanner.take(q, 1, 1000)).extracting(W::seq).containsExactly(0);
        assertThat(q).hasSize(1);
    }
}
