package io.windlass.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The peer benchmarks' PostgreSQL: starts on a fresh dir and port, never as root, and leaves nothing behind. */
class PostgresLauncherIT {

    @Test
    void startsAcceptsConnectionsAndCloseRemovesProcessAndDataDir() throws Exception {
        PostgresLauncher pg = PostgresLauncher.start(List.of("max_connections=50"));
        Path dataDir = pg.dataDir();
        long pid = pg.pid();
        try {
            assertThat(pg.port()).isBetween(FreePorts.LOW, FreePorts.HIGH);
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres");
            assertThat(pg.version()).matches("\\d+\\.\\d+.*");
            assertThat(dataDir.resolve("PG_VERSION")).exists();
            Process ready = new ProcessBuilder(PostgresLauncher.findBin().resolve("pg_isready").toString(), "-h",
                    "127.0.0.1", "-p", Integer.toString(pg.port())).redirectErrorStream(true).start();
            assertThat(ready.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ready.exitValue()).isZero();
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            assertThat(status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow())
                    .as("postgres never runs as root").doesNotMatch("Uid:\\s+0\\s.*");
            assertThat(pg.cpuNanos()).isGreaterThanOrEqualTo(0);
        } finally {
            pg.close();
            pg.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dataDir.getParent()).doesNotExist();
    }
}
