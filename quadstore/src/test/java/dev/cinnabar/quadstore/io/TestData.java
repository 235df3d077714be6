package dev.cinnabar.quadstore.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Quad;

/** Test helpers: the shared data directory, and parsing into lists of quads. */
final class TestData {

    /** System property naming the shared directory (the one holding {@code data/}). */
    static final String PROPERTY = "cinnabar.shared";
    /** Environment variable naming the shared directory. */
    static final String ENV = "CINNABAR_SHARED";

    private TestData() {
    }

    /**
     * The shared directory: {@value #PROPERTY}, else {@value #ENV}, else {@code ../shared} next to the project root
     * (the first directory above the working directory with {@code pom.xml} and {@code benchmarks/pom.xml}), if it
     * has {@code data/}.
     */
    static Optional<Path> sharedDir() {
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

    /** Where {@link #sharedDir()} looked, for skip messages. */
    static String sharedHint() {
        return "shared data not found: set -D" + PROPERTY + "=/path/to/shared or " + ENV
            + ", or put it at ../shared next to the project root";
    }

    /** Parses strictly into quads (graph DefaultGraph when none). */
    static List<Quad> parse(boolean quads, byte[] input) throws IOException {
        return parse(quads, new ByteArrayInputStream(input), "test");
    }

    static List<Quad> parse(boolean quads, String input) throws IOException {
        return parse(quads, input.getBytes(StandardCharsets.UTF_8));
    }

    static List<Quad> parse(boolean quads, InputStream in, String source) throws IOException {
        List<Quad> out = new ArrayList<>();
        new NQuadsParser(quads, 1 << 20).parse(in, source, collector(out), SyntaxErrorHandler.STRICT);
        return out;
    }

    /** A sink that adds each statement to {@code out} as a Quad. */
    static StatementSink collector(List<Quad> out) {
        return (s, p, o, g) -> out.add(new Quad(g == null ? DefaultGraph.INSTANCE : g.toTerm(), s.toTerm(),
            p.toTerm(), o.toTerm()));
    }

    /** Writes the quads with a writer, as bytes. */
    static byte[] write(List<Quad> quads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NQuadsWriter w = new NQuadsWriter(out)) {
            for (Quad q : quads) {
                w.write(q);
            }
        }
        return out.toByteArray();
    }
}
