package io.windlass.launcher;

import static io.windlass.launcher.TestProcesses.awaitTrue;
import static io.windlass.launcher.TestProcesses.isAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.windlass.statemachine.WindlassException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop and failure paths; no etcd outlives its owner, not even a SIGKILLed JVM. */
class EtcdLifecycleIT {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    @Test
    void closeKillsEveryMemberEvenPausedOnesAndDeletesTheDataDirs() {
        EtcdLauncher etcd = EtcdLauncher.configure().build().start();
        Path dataDir = etcd.member(0).dataDir();
        assertThat(dataDir).isDirectory();
        etcd.member(0).pause();
        List<Long> pids = etcd.startedPids();
        assertThat(pids).hasSize(1);

        etcd.close();
        etcd.close();

        assertThat(pids).allSatisfy(pid -> assertThat(isAlive(pid)).as("pid %d", pid).isFalse());
        assertThat(dataDir.getParent()).doesNotExist();
        assertThat(etcd.isStarted()).isFalse();
        assertThatThrownBy(etcd::endpoints).isInstanceOf(WindlassException.class).hasMessageContaining("not running");
    }

    @Test
    void startFailureShowsTheLogAndLeavesNothingBehind() {
        EtcdLauncher etcd = EtcdLauncher.configure().extraArgs("--no-such-flag").build();

        Throwable failure = catchThrowable(etcd::start);

        assertThat(failure).isInstanceOf(WindlassException.class)
                .hasMessageContaining("flag provided but not defined: -no-such-flag");
        assertThat(etcd.isStarted()).isFalse();
        Matcher dataDir = Pattern.compile("--data-dir (\\S+)").matcher(failure.getMessage());
        assertThat(dataDir.find()).as("the log excerpt shows the command line").isTrue();
        assertThat(Path.of(dataDir.group(1)).getParent().getParent()).as("temp dir deleted").doesNotExist();
    }

    @Test
    void watchdogKillsTheChildWhenItsParentProcessDies(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "300").start();
        Path owned = Files.createDirectories(dir.resolve("owned/member"));
        GuardedLauncher.Guarded child = GuardedLauncher.start(List.of("sleep", "300"), dir.resolve("log"), owned,
                parent.pid());
        try {
            assertThat(isAlive(child.pid())).isTrue();
            parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            assertThat(child.wrapper().waitFor(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS)).as("wrapper gone").isTrue();
            assertThat(child.wrapper().exitValue()).isEqualTo(137);
            assertThat(isAlive(child.pid())).as("command killed and reaped").isFalse();
            assertThat(owned.getParent()).as("orphaned dir deleted").doesNotExist();
        } finally {
            child.kill(GONE_WITHIN);
            parent.destroyForcibly();
        }
    }

    @Test
    void etcdDiesWithTheJvmThatStartedItEvenOnSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EtcdInChildJvm.class.getName()).redirectErrorStream(true).start();
        long pid;
        Path dataDir;
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> firstLineStartingWith(out, "ETCD "))
                    .get(60, TimeUnit.SECONDS);
            assertThat(line).as("child JVM reported its etcd").isNotNull();
            String[] parts = line.split(" ", 3);
            pid = Long.parseLong(parts[1]);
            dataDir = Path.of(parts[2]);
            assertThat(isAlive(pid)).isTrue();
            assertThat(dataDir).isDirectory();
        } finally {
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        }
        awaitTrue("etcd " + pid + " killed by its watchdog", GONE_WITHIN, () -> !isAlive(pid));
        Path memberDir = dataDir.getParent();
        awaitTrue("orphaned data dir deleted", GONE_WITHIN, () -> !Files.exists(memberDir.getParent()));
    }

    private static String firstLineStartingWith(BufferedReader reader, String prefix) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
