package io.windlass.systemtests.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A worker's wall clock under Debian's libfaketime ({@code apt-get install faketime}; {@code ./windlass test} installs
 * it), jumped at run time: the worker JVM is started with {@link #environment()} (LD_PRELOAD of libfaketime with the
 * offset read from a file, re-read at most once a second), and {@link #jump} rewrites that file. Only the wall clock
 * moves ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}), as with an NTP step or an operator setting the date: {@code
 * System.nanoTime()} and the JVM's timed waits keep real time.
 */
final class FakeClock {
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/faketime/libfaketimeMT.so.1"));

    private final Path offsetFile;
    private Duration offset = Duration.ZERO;

    private FakeClock(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    /** A clock at offset 0 whose offset file lives in {@code dir}; fails with how to install libfaketime if absent. */
    static FakeClock in(Path dir) {
        library();
        try {
            Files.createDirectories(dir);
            FakeClock clock = new FakeClock(dir.resolve("faketime-offset"));
            clock.jump(Duration.ZERO);
            return clock;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment that puts a child process on this clock. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library().toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toAbsolutePath().toString(),
                "FAKETIME_CACHE_DURATION", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                // 0.9.10 "fixes" timed waits on the monotonic clock by faking them too: the JVM then hangs at start
                "FAKETIME_FORCE_MONOTONIC_FIX", "0");
    }

    /** Sets the wall clock's offset from real time (absolute, not cumulative); the process sees it within ~1 s. */
    void jump(Duration to) {
        try {
            Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
            Files.writeString(tmp, (to.isNegative() ? "" : "+") + to.toSeconds() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            offset = to;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + offsetFile + ": " + e, e);
        }
    }

    Duration offset() {
        return offset;
    }

    private static Path library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "libfaketime is not installed: `apt-get install -y faketime` (./windlass test installs it)"));
    }
}
