package dev.cinnabar.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Locates the shared, read-only benchmark data: {@code <project root>/../shared}, unless the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} names another directory.
 *
 * <p>The project root is found by walking up from the working directory and from the location of this class (the
 * shaded jar or {@code target/classes}) to the first directory that holds {@code pom.xml} and
 * {@code benchmarks/pom.xml}.
 */
public final class SharedData {

    /** System property naming the shared directory (the one holding {@code data/}). */
    public static final String PROPERTY = "cinnabar.shared";
    /** Environment variable naming the shared directory, used when the property is not set. */
    public static final String ENV = "CINNABAR_SHARED";

    private SharedData() {
    }

    /**
     * The shared directory, or empty if it cannot be found.
     *
     * @throws IllegalStateException if {@value #PROPERTY} or {@value #ENV} is set to a directory that does not exist
     */
    public static Optional<Path> findSharedDir() {
        String override = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (override != null && !override.isBlank()) {
            Path dir = Paths.get(override).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(source + " is " + override + ", which is not a directory");
            }
            return Optional.of(dir);
        }
        for (Path candidate : defaultCandidates()) {
            if (Files.isDirectory(candidate.resolve("data"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The shared directory; fails with a message naming every place tried. */
    public static Path sharedDir() {
        return findSharedDir().orElseThrow(() -> {
            List<Path> tried = defaultCandidates();
            return new IllegalStateException("Cannot find the shared benchmark data: "
                + (tried.isEmpty()
                    ? "no project root (a directory with pom.xml and benchmarks/pom.xml) above the working directory "
                        + System.getProperty("user.dir") + " or the code location "
                        + codeLocation().map(Path::toString).orElse("(unknown)")
                    : "no data/ directory in " + tried)
                + ". Run from the project checkout, or set -D" + PROPERTY + "=/path/to/shared or the environment"
                + " variable " + ENV + ".");
        });
    }

    /**
     * The file of a named data set: {@code lubm1}, {@code lubm10}, {@code lubm100} ({@code data/lubm/NAME.nt.gz}) or
     * {@code bsbm-1m} ({@code data/bsbm/NAME.nt.gz}).
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException if the file is absent
     */
    public static Path dataset(String name) {
        String folder;
        if (name.startsWith("lubm")) {
            folder = "lubm";
        } else if (name.startsWith("bsbm")) {
            folder = "bsbm";
        } else {
            throw new IllegalArgumentException("unknown data set '" + name
                + "': expected one of lubm1, lubm10, lubm100, bsbm-1m");
        }
        Path shared = sharedDir();
        Path file = shared.resolve("data").resolve(folder).resolve(name + ".nt.gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Data set '" + name + "' not found: " + file + " does not exist (shared"
                + " directory " + shared + "; override with -D" + PROPERTY + " or " + ENV + ").");
        }
        return file;
    }

    private static List<Path> defaultCandidates() {
        Set<Path> roots = new LinkedHashSet<>();
        projectRootAbove(Paths.get(System.getProperty("user.dir")).toAbsolutePath()).ifPresent(roots::add);
        codeLocation().flatMap(SharedData::projectRootAbove).ifPresent(roots::add);
        List<Path> candidates = new ArrayList<>();
        for (Path root : roots) {
            Path parent = root.getParent();
            if (parent != null) {
                candidates.add(parent.resolve("shared"));
            }
        }
        return candidates;
    }

    private static Optional<Path> projectRootAbove(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("benchmarks/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource source = SharedData.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            return Optional.of(Paths.get(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
