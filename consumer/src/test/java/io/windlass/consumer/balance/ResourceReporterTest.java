package io.windlass.consumer.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.spi.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceReporterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path meminfo(String... lines) throws IOException {
        return Files.write(dir.resolve("meminfo"), List.of(lines));
    }

    @Test
    void linuxMemoryIsTotalMinusFreeBuffersAndCachedLikeMetafora() throws IOException {
        Path file = meminfo("MemTotal:       16000000 kB", "MemFree:         2000000 kB",
                "MemAvailable:    9000000 kB", "Buffers:          500000 kB", "Cached:          5500000 kB",
                "SwapCached:            0 kB");
        ResourceReporter.Usage u = ResourceReporter.linuxMemory(file).read();
        assertThat(u).isEqualTo(new ResourceReporter.Usage(8_000_000, 16_000_000, "kB"));
        assertThat(u.percent()).isEqualTo(50.0);
    }

    @Test
    void aMeminfoWithoutAFieldOrAMissingFileFailsClearly() throws IOException {
        Path file = meminfo("MemTotal: 100 kB", "Buffers: 1 kB", "Cached: 1 kB");
        assertThatThrownBy(() -> ResourceReporter.linuxMemory(file).read()).hasMessageContaining("MemFree");
        assertThatThrownBy(() -> ResourceReporter.linuxMemory(dir.resolve("absent")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs Linux");
    }

    @Test
    void thisHostsMemoryAndThisJvmsHeapReadSensibly() {
        if (Files.isReadable(Path.of("/proc/meminfo"))) {
            ResourceReporter.Usage host = ResourceReporter.linuxMemory().read();
            assertThat(host.used()).isPositive().isLessThanOrEqualTo(host.total());
        }
        ResourceReporter.Usage heap = ResourceReporter.jvmHeap().read();
        assertThat(heap.used()).isPositive().isLessThanOrEqualTo(heap.total());
        assertThat(heap.unit()).isEqualTo("bytes");
    }

    @Test
    void highestReportsTheFullestResource() {
        ResourceReporter quarter = () -> new ResourceReporter.Usage(25, 100, "a");
        ResourceReporter most = () -> new ResourceReporter.Usage(9, 10, "b");
        assertThat(ResourceReporter.highest(quarter, most).read().unit()).isEqualTo("b");
        assertThat(ResourceReporter.highest(quarter, most).percent()).isEqualTo(90.0);
        assertThat(new ResourceReporter.Usage(12, 10, "c").percent()).isEqualTo(100.0);
        assertThatThrownBy(() -> new ResourceReporter.Usage(1, 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResourceBalancerOnAReporterStopsClaimingAndReleasesAboveItsLimits() {
        double[] percent = {50};
        ResourceReporter reporter = () -> new ResourceReporter.Usage((long) percent[0], 100, "%");
        Balancer b = Balancer.resource(reporter, 80, 90);
        TaskRecord task = new TaskRecord("x", "t", null, T0);
        BalanceInput input = new BalanceInput("a", Map.of("a", 2), List.of(new BalanceInput.OwnedTask("t1", T0),
                new BalanceInput.OwnedTask("t2", T0.plusSeconds(1))), T0);
        assertThat(b.canClaim(task, T0).allowed()).isTrue();
        assertThat(b.balance(input)).isEmpty();
        percent[0] = 85;
        assertThat(b.canClaim(task, T0).allowed()).isFalse();
        assertThat(b.balance(input)).isEmpty();
        percent[0] = 99;
        assertThat(b.balance(input)).containsExactly("t1");
        ResourceReporter broken = () -> {
            throw new IllegalStateException("cannot read");
        };
        assertThat(Balancer.resource(broken, 80, 90).canClaim(task, T0).allowed()).as("unreadable counts as full")
                .isFalse();
    }
}
