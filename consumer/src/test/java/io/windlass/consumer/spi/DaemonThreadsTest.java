package io.windlass.consumer.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void poolThreadsAreNumberedDaemons() {
        ThreadFactory f = DaemonThreads.factory("pool-");
        Thread a = f.newThread(() -> { });
        Thread b = f.newThread(() -> { });
        assertThat(a.isDaemon()).isTrue();
        assertThat(b.isDaemon()).isTrue();
        assertThat(a.getName()).isEqualTo("pool-1");
        assertThat(b.getName()).isEqualTo("pool-2");
        assertThat(a.getState()).isEqualTo(Thread.State.NEW);
    }

    @Test
    void namedThreadsAllCarryTheName() {
        ThreadFactory f = DaemonThreads.named("single");
        assertThat(f.newThread(() -> { })).satisfies(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("single");
        });
        assertThat(f.newThread(() -> { }).getName()).isEqualTo("single");
    }
}
