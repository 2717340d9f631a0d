package io.windlass.systemtests.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The module map of docs/architecture.md, enforced on the main sources. */
class LayoutRulesTest {
    /**
     * Modules whose main code may import jetcd: the coordinator (the only one that knows the key layout) and the
     * launcher; the bench's raw baselines are, by definition, direct jetcd use.
     */
    private static final Set<String> JETCD_ALLOWED = Set.of("coordinator-etcd", "launcher", "bench");
    private static final Pattern JETCD_IMPORT = Pattern.compile("(?m)^import (static )?io\\.etcd\\.");
    private static final int MAX_LINES = 400;
    /** The modules whose main code may use Spring: the auto-configuration and the Spring Boot example. */
    private static final Pattern SPRING_ALLOWED = Pattern.compile("spring-boot-.*|examples-spring-boot");

    @Test
    void onlyTheCoordinatorAndTheLauncherImportJetcd() throws IOException {
        List<String> offenders = new java.util.ArrayList<>();
        for (Path file : SourceTree.mainSources()) {
            if (!JETCD_ALLOWED.contains(SourceTree.moduleOf(file))
                    && JETCD_IMPORT.matcher(Files.readString(file)).find()) {
                offenders.add(SourceTree.root().relativize(file).toString());
            }
        }
        assertThat(SourceTree.mainSources()).as("main sources found").hasSizeGreaterThan(100);
        assertThat(offenders).as("main sources importing io.etcd outside " + JETCD_ALLOWED).isEmpty();
    }

    /**
     * Spring is the spring-boot modules' business: no other module's main code imports it, and none of the modules
     * the worker is built from (cli and what it pulls in: this module's test class path holds exactly that) brings it.
     */
    @Test
    void springStaysInTheSpringBootModulesAndOffTheWorkersClassPath() throws IOException {
        Pattern springImport = Pattern.compile("(?m)^import (static )?org\\.springframework\\.");
        List<String> offenders = new java.util.ArrayList<>();
        for (Path file : SourceTree.mainSources()) {
            String module = SourceTree.moduleOf(file);
            if (!SPRING_ALLOWED.matcher(module).matches() && springImport.matcher(Files.readString(file)).find()) {
                offenders.add(SourceTree.root().relativize(file).toString());
            }
        }
        assertThat(offenders).as("main sources importing org.springframework outside " + SPRING_ALLOWED).isEmpty();
        assertThat(Files.readString(SourceTree.root().resolve("cli/pom.xml"))).doesNotContain("spring");
        assertThat(getClass().getClassLoader().getResource("org/springframework/core/SpringVersion.class"))
                .as("Spring on the class path of windlass-cli's dependencies").isNull();
    }

    @Test
    void noMainSourceFileIsLongerThan400Lines() throws IOException {
        List<String> tooLong = new java.util.ArrayList<>();
        for (Path file : SourceTree.mainSources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_LINES) {
                tooLong.add(SourceTree.root().relativize(file) + " (" + lines + " lines)");
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void theKeyLayoutIsNamedOnlyInTheCoordinator() throws IOException {
        Pattern stateKey = Pattern.compile("\"/\"\\s*\\+\\s*\\w+\\s*\\+\\s*\"/(state|tasks|claims|commands|nodes)/");
        List<String> offenders = new java.util.ArrayList<>();
        for (Path file : SourceTree.mainSources()) {
            if (!JETCD_ALLOWED.contains(SourceTree.moduleOf(file))
                    && stateKey.matcher(Files.readString(file)).find()) {
                offenders.add(SourceTree.root().relativize(file).toString());
            }
        }
        assertThat(offenders).as("main sources building etcd keys outside coordinator-etcd").isEmpty();
    }
}
