package dev.cinnabar.jena;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** The shared data directory ({@code ../shared} beside the project root, or as configured), as the quadstore tests find it. */
final class SharedData {

    /** System property naming the shared directory (the one holding {@code data/}). */
    static final String PROPERTY = "cinnabar.shared";
    /** Environment variable naming the shared directory. */
    static final String ENV = "CINNABAR_SHARED";
    static final String HINT = "shared data not found: set -D" + PROPERTY + "=/path/to/shared or " + ENV
        + ", or put it at ../shared next to the project root";

    private SharedData() {
    }

    /** {@value #PROPERTY}, else {@value #ENV}, else {@code ../shared} next to the project root, if it has data/. */
    static Optional<Path> dir() {
        String override = System.getProperty(PROPERTY);
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
        }
        if (override != null && !override.isBlank()) {
            Path dir = Paths.get(override).toAbsolutePath().normalize();
            return Files.isDirectory(dir.resolve("data")) ? Optional.of(dir) : Optional.empty();
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
             dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("benchmarks/pom.xml"))) {
                Path shared = dir.resolveSibling("shared");
                return Files.isDirectory(shared.resolve("data")) ? Optional.of(shared) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
