package io.windlass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.cli.WindlassCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The peer schedulers are bench-only: none of their jars (db-scheduler, Quartz, the PostgreSQL driver, HikariCP) is on
 * the worker's runtime class path — the {@code windlass-cli.jar} manifest's Class-Path, which is what the distribution
 * ships in {@code lib/} and what {@code windlass worker} runs with.
 */
class PeerClassPathTest {
    static final List<String> PEER_JARS = List.of("db-scheduler", "quartz", "postgresql", "hikaricp", "jakarta.xml.bind");

    @Test
    void theWorkersRuntimeClassPathHasNoPeerLibrary() throws Exception {
        Path cli = Path.of(WindlassCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(cli), "cli is not packaged in this build (" + cli + "): run mvn verify");
        String classPath;
        try (JarFile jar = new JarFile(cli.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertThat(classPath).as("windlass-cli.jar's Class-Path").isNotBlank().contains("jetcd-core");
        for (String entry : classPath.trim().split("\\s+")) {
            String name = entry.substring(entry.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            for (String peer : PEER_JARS) {
                assertThat(name).as("worker class path entry " + entry).doesNotStartWith(peer);
            }
        }
        // and the bench itself does have them (so the check above is looking at the right names)
        assertThat(org.quartz.Scheduler.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("quartz");
        assertThat(com.github.kagkarlsson.scheduler.Scheduler.class.getProtectionDomain().getCodeSource()
                .getLocation().toString()).contains("db-scheduler");
    }
}
