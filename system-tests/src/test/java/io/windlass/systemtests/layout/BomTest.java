package io.windlass.systemtests.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code windlass-bom} (which has no parent, on purpose) pins the project's own version and every library module. */
class BomTest {
    private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(windlass-[a-z-]+)</artifactId>");

    @Test
    void pinsTheParentsVersionAndEveryModuleWithMainCode() throws IOException {
        Path root = SourceTree.root();
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        assertThat(firstVersionAfter(bom, "<artifactId>windlass-bom</artifactId>"))
                .isEqualTo(firstVersionAfter(parent, "<artifactId>windlass-parent</artifactId>"));
        assertThat(bom).contains("<windlass.version>" + firstVersionAfter(parent,
                "<artifactId>windlass-parent</artifactId>") + "</windlass.version>");
        assertThat(bom).contains("<junit.version>" + property(parent, "junit.version") + "</junit.version>")
                .contains("<assertj.version>" + property(parent, "assertj.version") + "</assertj.version>");

        List<String> pinned = ARTIFACT.matcher(bom).results().map(m -> m.group(1)).toList();
        List<String> libraries;
        try (Stream<Path> modules = Files.list(root)) {
            libraries = modules.filter(m -> Files.isDirectory(m.resolve("src/main/java")))
                    .map(m -> "windlass-" + m.getFileName()).filter(a -> !a.equals("windlass-bench")).toList();
        }
        assertThat(libraries).hasSizeGreaterThanOrEqualTo(8);
        assertThat(pinned).containsAll(libraries);
    }

    private static String firstVersionAfter(String pom, String marker) {
        Matcher m = VERSION.matcher(pom);
        assertThat(m.find(pom.indexOf(marker))).as("a <version> after " + marker).isTrue();
        return m.group(1);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("property " + name).isTrue();
        return m.group(1);
    }
}
