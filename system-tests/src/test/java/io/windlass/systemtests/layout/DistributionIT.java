package io.windlass.systemtests.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution {@code cli/target/windlass-<version>.tar.gz} (built by the cli module's {@code package}, before this
 * module's integration tests): unpacked into a temp dir it holds {@code bin/windlass} and a {@code lib/} without any
 * test library, and runs with only a JRE (a PATH holding nothing but java and the basic tools, no source tree).
 */
class DistributionIT {
    private static final List<String> TEST_LIBRARIES = List.of("junit", "assertj", "opentest4j", "apiguardian",
            "windlass-testing", "windlass-launcher", "mockito", "hamcrest");

    @TempDir
    Path dir;

    @Test
    void unpacksIntoBinAndALibWithoutTestLibrariesAndRunsWithOnlyAJre() throws Exception {
        Path home = unpack();
        Path lib = home.resolve("lib");
        List<String> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("windlass-cli")).anyMatch(j -> j.startsWith("jetcd-core"))
                .anyMatch(j -> j.startsWith("windlass-embedded"));
        assertThat(jars).noneMatch(j -> TEST_LIBRARIES.stream().anyMatch(j::startsWith));
        assertThat(jars).as("Spring stays in the spring-boot modules, never on the worker's class path")
                .noneMatch(j -> j.startsWith("spring-") || j.startsWith("windlass-spring-boot"));
        assertThat(Files.isExecutable(home.resolve("bin/windlass"))).isTrue();

        Path out = dir.resolve("demo.out");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/windlass").toString(), "demo", "--duration", "3s",
                "--plain").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        Process demo = pb.start();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo finished").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(demo.exitValue()).as(printed).isZero();
        assertThat(printed).contains("tasks completed:");
    }

    private Path unpack() throws IOException, InterruptedException {
        Path target = SourceTree.root().resolve("cli/target");
        Path tarball;
        try (Stream<Path> files = Files.list(target)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("windlass-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no windlass-<version>.tar.gz in " + target));
        }
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).as("tar -xzf " + tarball).isTrue();
        try (Stream<Path> homes = Files.list(dir)) {
            return homes.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }
}
