package dev.cinnabar.quadstore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.Quad;

/**
 * The W3C RDF 1.1 and RDF 1.2 N-Triples and N-Quads test suites, one dynamic test per manifest entry, read from
 * {@code <shared>/data/w3c-rdf-tests/rdf/{rdf11,rdf12}/{rdf-n-triples,rdf-n-quads}/manifest.ttl} with their
 * {@code mf:include}s. Skipped with a message if the shared data is absent.
 *
 * <ul>
 *   <li>positive syntax: parses in strict mode;</li>
 *   <li>negative syntax: fails with an {@link RdfSyntaxException} that is not merely "unsupported";</li>
 *   <li>positive C14N: the writer's canonical output (lower-cased language tags) equals {@code mf:result} byte for
 *       byte.</li>
 * </ul>
 * Every RDF 1.2 feature (triple terms, directional language tags) is supported: nothing is skipped. A summary per
 * suite is printed at the end.
 */
class W3cConformanceTest {

    static final List<String> SUITES = List.of("rdf11/rdf-n-triples", "rdf11/rdf-n-quads", "rdf12/rdf-n-triples",
        "rdf12/rdf-n-quads");

    /** suite -> outcome -> count. */
    private static final Map<String, Map<String, AtomicInteger>> COUNTS = new ConcurrentHashMap<>();
    /** suite -> skipped test ids. */
    private static final Map<String, List<String>> SKIPPED = new ConcurrentHashMap<>();

    static Path suiteDir(String suite) {
        Path shared = TestData.sharedDir().orElse(null);
        Assumptions.assumeTrue(shared != null, TestData::sharedHint);
        Path dir = shared.resolve("data/w3c-rdf-tests/rdf").resolve(suite);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("manifest.ttl")), () -> "no manifest in " + dir);
        return dir;
    }

    /** One skipped test naming what is missing, when the shared data is absent; else empty. */
    static Stream<DynamicNode> skippedWithoutSharedData() {
        if (TestData.sharedDir().isPresent()) {
            return null;
        }
        return Stream.of(DynamicTest.dynamicTest("W3C test suites (shared data absent)",
            () -> Assumptions.assumeTrue(false, TestData::sharedHint)));
    }

    @TestFactory
    Stream<DynamicNode> w3cSuites() throws IOException {
        Stream<DynamicNode> absent = skippedWithoutSharedData();
        if (absent != null) {
            return absent;
        }
        List<DynamicNode> suites = new ArrayList<>();
        for (String suite : SUITES) {
            ManifestReader.Manifest manifest = ManifestReader.read(suiteDir(suite).resolve("manifest.ttl"));
            suites.add(container(suite, manifest));
        }
        return suites.stream();
    }

    /**
     * For every positive test input (syntax and C14N): written by {@link NQuadsWriter} (tags as they are) and parsed
     * again, it gives the same quads; and stored in a {@link QuadStore}, which is closed and opened again, its quads
     * read back and written give the same canonical bytes as the parsed quads written (both sorted by line), and the
     * store verifies.
     */
    @TestFactory
    Stream<DynamicNode> roundTripOfPositiveInputs() throws IOException {
        Stream<DynamicNode> absent = skippedWithoutSharedData();
        if (absent != null) {
            return absent;
        }
        List<DynamicNode> tests = new ArrayList<>();
        for (String suite : SUITES) {
            for (ManifestReader.Entry e : ManifestReader.read(suiteDir(suite).resolve("manifest.ttl")).allEntries()) {
                if (e.typeName().contains("Positive")) {
                    boolean quads = e.typeName().startsWith("TestNQuads");
                    tests.add(DynamicTest.dynamicTest(suite + " " + e.id(), e.action().toUri(), () -> {
                        List<Quad> parsed = parseStrictly(quads, e.action());
                        byte[] written = TestData.write(parsed);
                        assertEquals(parsed, TestData.parse(quads, written),
                            () -> new String(written, StandardCharsets.UTF_8));
                        String canonical = sortedLines(written);
                        String stored = sortedLines(TestData.write(throughStore(parsed)));
                        assertEquals(canonical, stored, "written from the store");
                    }));
                }
            }
        }
        return tests.stream();
    }

    private DynamicContainer container(String suite, ManifestReader.Manifest manifest) {
        List<DynamicNode> nodes = new ArrayList<>();
        for (ManifestReader.Manifest include : manifest.includes()) {
            nodes.add(container(suite, include));
        }
        for (ManifestReader.Entry e : manifest.entries()) {
            nodes.add(DynamicTest.dynamicTest(e.id() + ": " + e.name(), e.action().toUri(), () -> run(suite, e)));
        }
        return DynamicContainer.dynamicContainer(suite + " — " + manifest.label(), manifest.file().toUri(),
            nodes.stream());
    }

    private static void run(String suite, ManifestReader.Entry e) throws Exception {
        String outcome = "failed";
        try {
            switch (e.typeName()) {
                case "TestNTriplesPositiveSyntax":
                    positive(false, e);
                    break;
                case "TestNQuadsPositiveSyntax":
                    positive(true, e);
                    break;
                case "TestNTriplesNegativeSyntax":
                    negative(false, e);
                    break;
                case "TestNQuadsNegativeSyntax":
                    negative(true, e);
                    break;
                case "TestNTriplesPositiveC14N":
                    c14n(false, e);
                    break;
                case "TestNQuadsPositiveC14N":
                    c14n(true, e);
                    break;
                default:
                    fail("unknown test type " + e.type());
            }
            outcome = "passed";
        } catch (TestAbortedException skipped) {
            outcome = "skipped";
            SKIPPED.computeIfAbsent(suite, k -> new ArrayList<>()).add(e.id());
            throw skipped;
        } finally {
            COUNTS.computeIfAbsent(suite, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Parses strictly: any error fails the test (RDF 1.2 triple terms and directions included). */
    static List<Quad> parseStrictly(boolean quads, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TestData.parse(quads, in, file.getFileName().toString());
        }
    }

    /** The quads added to a new store, which is closed, opened again and verified, then read back. */
    static List<Quad> throughStore(List<Quad> quads) throws IOException {
        Path dir = Files.createTempDirectory("w3c-store");
        try {
            try (QuadStore store = QuadStore.open(dir)) {
                try (WriteTxn w = store.beginWrite()) {
                    for (Quad q : quads) {
                        w.add(q);
                    }
                    w.commit();
                }
            }
            try (QuadStore store = QuadStore.open(dir)) {
                store.verify();
                try (ReadTxn r = store.beginRead()) {
                    return r.match(null, null, null, null).collect(Collectors.toList());
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
        }
    }

    /** The distinct lines of N-Quads bytes, sorted: a store keeps a set of quads, in its own order. */
    private static String sortedLines(byte[] nquads) {
        return new String(nquads, StandardCharsets.UTF_8).lines().distinct().sorted()
            .collect(Collectors.joining("\n"));
    }

    private static void positive(boolean quads, ManifestReader.Entry e) throws IOException {
        parseStrictly(quads, e.action());
    }

    private static void negative(boolean quads, ManifestReader.Entry e) throws IOException {
        byte[] input = Files.readAllBytes(e.action());
        RdfSyntaxException ex = assertThrows(RdfSyntaxException.class, () -> TestData.parse(quads, input),
            () -> "negative test " + e.id() + " parsed without error:\n" + new String(input, StandardCharsets.UTF_8));
        assertFalse(ex.unsupported(), () -> "rejected only as unsupported, not as invalid: " + ex.getMessage());
        if (Boolean.getBoolean("cinnabar.w3c.verbose")) {
            System.out.println(e.id() + " -> " + ex.getMessage());
        }
    }

    private static void c14n(boolean quads, ManifestReader.Entry e) throws IOException {
        List<Quad> parsed = parseStrictly(quads, e.action());
        String expected = Files.readString(e.result(), StandardCharsets.UTF_8);
        String actual = new String(TestData.write(parsed), StandardCharsets.UTF_8);
        assertEquals(expected, actual, () -> "canonical form of " + e.action().getFileName());
    }

    @AfterAll
    static void summary() {
        if (COUNTS.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("W3C conformance summary:\n");
        for (String suite : SUITES) {
            Map<String, AtomicInteger> c = COUNTS.get(suite);
            if (c == null) {
                continue;
            }
            out.append(String.format("  %-20s passed %3d  failed %3d  skipped %3d  skipped: %s%n", suite,
                count(c, "passed"), count(c, "failed"), count(c, "skipped"),
                SKIPPED.getOrDefault(suite, List.of())));
        }
        System.out.print(out);
    }

    private static int count(Map<String, AtomicInteger> c, String outcome) {
        AtomicInteger n = c.get(outcome);
        return n == null ? 0 : n.get();
    }
}
