package io.windlass.consumer.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousHashTest {
    private static final List<String> THREE = List.of("node-0", "node-1", "node-2");

    @Test
    void tasksSpreadEvenlyOverTheNodes() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            counts.merge(RendezvousHash.preferred("t-" + i, THREE), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(THREE);
        assertThat(counts.values()).as("%s", counts).allSatisfy(n -> assertThat(n).isBetween(9_400, 10_600));
    }

    @Test
    void everyNodeGetsTheSameAnswerWhateverTheOrderOfTheList() {
        for (int i = 0; i < 1_000; i++) {
            String id = "task-" + i;
            assertThat(RendezvousHash.preferred(id, List.of("node-2", "node-0", "node-1")))
                    .isEqualTo(RendezvousHash.preferred(id, THREE));
        }
    }

    @Test
    void whenANodeLeavesOnlyItsTasksMove() {
        List<String> two = List.of("node-0", "node-2");
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String id = "t-" + i;
            String before = RendezvousHash.preferred(id, THREE);
            String after = RendezvousHash.preferred(id, two);
            if (!before.equals("node-1")) {
                assertThat(after).as(id).isEqualTo(before);
            } else {
                moved++;
            }
        }
        assertThat(moved).isBetween(3_000, 3_700);
    }

    @Test
    void aSingleNodeIsEveryTasksChoiceAndNoNodesIsAnError() {
        assertThat(RendezvousHash.preferred("t", List.of("solo"))).isEqualTo("solo");
        assertThatThrownBy(() -> RendezvousHash.preferred("t", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
