package io.windlass.systemtests.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The project's source tree, found from the system-tests module's working directory (Maven runs tests there). */
final class SourceTree {
    private SourceTree() {
    }

    /** The repository root: the nearest ancestor holding the parent pom and the {@code windlass} script. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("windlass")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Every {@code .java} file under {@code <module>/src/main/java} of every module. */
    static List<Path> mainSources() {
        try (Stream<Path> modules = Files.list(root())) {
            return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(SourceTree::javaFiles).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module (top-level directory) a path under the root belongs to. */
    static String moduleOf(Path file) {
        return root().relativize(file).getName(0).toString();
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
