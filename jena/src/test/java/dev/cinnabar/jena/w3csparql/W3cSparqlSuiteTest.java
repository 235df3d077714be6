package dev.cinnabar.jena.w3csparql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.jena.CinnabarJena;

/**
 * The W3C SPARQL 1.0 and 1.1 query-evaluation and update-evaluation suites (copies and licence under
 * {@code src/test/resources/w3c-sparql}) through a fresh Cinnabar store per test, with Jena's in-memory dataset as
 * the control: every test that passes on the control must pass on Cinnabar. A test the control fails is skipped
 * with the control's failure as its reason, and so is every entry that is not an evaluation test.
 */
class W3cSparqlSuiteTest {

    private static final List<String> SPARQL11 = List.of("add", "aggregates", "basic-update", "bind", "bindings",
            "clear", "construct", "copy", "csv-tsv-res", "delete", "delete-data", "delete-insert", "delete-where",
            "drop", "exists", "functions", "grouping", "json-res", "move", "negation", "project-expression",
            "property-path", "subquery", "update-silent");

    private static final List<String> SPARQL10 = List.of("algebra", "ask", "basic", "bnode-coreference",
            "boolean-effective-value", "bound", "cast", "construct", "dataset", "distinct", "expr-builtin",
            "expr-equals", "expr-ops", "graph", "i18n", "open-world", "optional", "optional-filter", "reduced",
            "regex", "solution-seq", "sort", "triple-match", "type-promotion");

    private static final Set<String> CONTROL_FAILURES = controlFailures();

    @TempDir
    Path stores;

    @TestFactory
    Stream<DynamicNode> sparql11() {
        return suite("sparql11", SPARQL11);
    }

    @TestFactory
    Stream<DynamicNode> sparql10() {
        return suite("sparql10", SPARQL10);
    }

    private Stream<DynamicNode> suite(String suite, List<String> folders) {
        return folders.stream().map(folder -> {
            String manifest = manifestIri(suite + "/" + folder);
            List<SparqlTestCase> cases = SparqlManifest.read(suite + "/" + folder, manifest);
            assertFalse(cases.isEmpty(), "no entries in " + manifest);
            return DynamicContainer.dynamicContainer(suite + "/" + folder,
                    cases.stream().map(test -> DynamicTest.dynamicTest(test.name(), () -> check(test))));
        });
    }

    private void check(SparqlTestCase test) throws IOException {
        Assumptions.assumeTrue(test.skipReason() == null, test::skipReason);
        String control = SparqlEvaluation.run(test, DatasetGraphFactory.createTxnMem());
        if (control != null) {
            assertTrue(CONTROL_FAILURES.contains(test.displayName()), () -> test.displayName()
                    + " fails on Jena's in-memory control and is not listed in w3c-sparql/control-failures.txt: "
                    + control);
            Assumptions.abort("fails on Jena's in-memory control (w3c-sparql/control-failures.txt): " + control);
        }
        Path directory = Files.createTempDirectory(stores, "store");
        DatasetGraph store = CinnabarJena.connect(directory);
        try {
            assertNull(SparqlEvaluation.run(test, store), test.displayName());
        } finally {
            store.close();
            deleteTree(directory);
        }
    }

    /** The {@code suite/folder: name} lines of {@code control-failures.txt}, comments dropped. */
    private static Set<String> controlFailures() {
        try (InputStream in = W3cSparqlSuiteTest.class.getResourceAsStream("/w3c-sparql/control-failures.txt")) {
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.replaceFirst("\\s*#.*$", "").trim();
                if (!entry.isEmpty()) {
                    names.add(entry);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String manifestIri(String folder) {
        URL url = W3cSparqlSuiteTest.class.getResource("/w3c-sparql/" + folder + "/manifest.ttl");
        if (url == null) {
            throw new IllegalStateException("missing test resource w3c-sparql/" + folder + "/manifest.ttl");
        }
        try {
            return Path.of(url.toURI()).toUri().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
