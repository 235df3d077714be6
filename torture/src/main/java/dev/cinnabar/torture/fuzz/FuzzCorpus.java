package dev.cinnabar.torture.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The seed inputs of the parser fuzz: every N-Triples and N-Quads file of the W3C RDF test suites in the shared
 * data directory (valid and invalid ones), plus a few built-in lines so that a run without the shared data still
 * starts from real syntax.
 */
final class FuzzCorpus {

    /** One seed: its name and bytes, and whether it is N-Quads. */
    record Seed(String name, byte[] bytes, boolean quads) {
    }

    private static final String BUILT_IN = """
        <http://example.org/s> <http://example.org/p> <http://example.org/o> .
        _:b1 <http://example.org/p> "plain" .
        <http://example.org/s> <http://example.org/p> "tab\\there \\u00E9 \\U0001F600 \\"q\\""@en-GB .
        <http://example.org/s> <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .
        _:x <http://example.org/\\u0070> _:y _:g . # comment
        <http://example.org/s> <http://example.org/p> <<( <http://example.org/a> <http://example.org/b> "c" )>> .
        VERSION "1.2"
        """;

    private FuzzCorpus() {
    }

    /** The W3C files under {@code dataDir} if given and present, plus the built-in seeds. */
    static List<Seed> load(Optional<Path> w3cDir) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        byte[] builtIn = BUILT_IN.getBytes(StandardCharsets.UTF_8);
        seeds.add(new Seed("built-in.nq", builtIn, true));
        seeds.add(new Seed("built-in.nt", builtIn, false));
        if (w3cDir.isPresent()) {
            try (Stream<Path> files = Files.walk(w3cDir.get())) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".nt") || name.endsWith(".nq")) {
                        seeds.add(new Seed(w3cDir.get().relativize(file).toString(), Files.readAllBytes(file),
                            name.endsWith(".nq")));
                    }
                }
            }
        }
        return seeds;
    }

    /**
     * The W3C test directory: {@code -Dcinnabar.shared} or {@code CINNABAR_SHARED} (the directory holding
     * {@code data/}), else {@code shared/} beside a parent of the working directory, else {@code /work/shared}.
     */
    static Optional<Path> w3cDirectory() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getProperty("cinnabar.shared", System.getenv("CINNABAR_SHARED"));
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolveSibling("shared"));
        }
        candidates.add(Path.of("/work/shared"));
        for (Path shared : candidates) {
            Path w3c = shared.resolve("data").resolve("w3c-rdf-tests");
            if (Files.isDirectory(w3c)) {
                return Optional.of(w3c);
            }
        }
        return Optional.empty();
    }
}
