package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.benchmarks.SharedData;

/**
 * The LUBM queries give the same row counts on every store of the report (Cinnabar, TDB2, RDF4J LmdbStore and
 * NativeStore), and the no-reasoner forms give the answers a reasoner gives: on a hand-made university of 40
 * triples (answers worked out by hand from univ-bench.owl) on every store, and on the shared {@code lubm1} (the
 * answers published with LUBM for LUBM(1,0); Cinnabar and TDB2; skipped if the data is absent).
 */
class LubmQueryCountsTest {

    @TempDir
    Path temp;

    @Test
    void theNoReasonerFormsGiveTheReasonersAnswersOnATinyUniversityOnEveryStore() throws IOException {
        Path data = temp.resolve("tiny-university.nt");
        try (InputStream in = getClass().getResourceAsStream("/lubm/tiny-university.nt")) {
            Files.copy(in, data);
        }
        Map<String, Long> expected = expected(1, 1, 1, 3, 5, 2, 1, 2, 2, 1, 1, 1, 2, 1);

        for (String store : QueryTarget.NAMES) {
            assertEquals(expected, counts(store, data), store);
        }
    }

    @Test
    void bothStoresGiveThePublishedLubm1AnswersForAllFourteenQueries() throws IOException {
        Optional<Path> shared = SharedData.findSharedDir();
        Path lubm1 = shared.map(dir -> dir.resolve("data/lubm/lubm1.nt.gz")).orElse(null);
        assumeTrue(lubm1 != null && Files.isRegularFile(lubm1),
            "lubm1.nt.gz not found (set -D" + SharedData.PROPERTY + " or " + SharedData.ENV + "): skipped");
        // The answers for LUBM(1,0) published with the benchmark (swat.cse.lehigh.edu/projects/lubm).
        Map<String, Long> published = expected(4, 0, 6, 34, 719, 7790, 67, 7790, 208, 4, 224, 15, 1, 5916);

        Map<String, Long> cinnabar = counts("cinnabar", lubm1);
        Map<String, Long> tdb2 = counts("tdb2", lubm1);

        assertEquals(List.of(), new QueryComparison(timings(cinnabar), timings(tdb2)).countMismatches());
        assertEquals(published, cinnabar);
    }

    @Test
    void theReversedFormsGiveTheSameAnswersOnATinyUniversity() throws IOException {
        Path data = temp.resolve("tiny-university.nt");
        try (InputStream in = getClass().getResourceAsStream("/lubm/tiny-university.nt")) {
            Files.copy(in, data);
        }
        List<String> reversed = LubmQueries.ALL.stream().map(name -> name + "r").toList();
        assertEquals(reversed, LubmQueries.parseList(String.join(",", reversed)));
        Map<String, Long> counts = new LinkedHashMap<>();
        try (QueryTarget target = QueryTarget.load("cinnabar", Files.createDirectory(temp.resolve("c")), List.of(data))) {
            for (Map.Entry<String, Query> query : LubmQueries.parse(reversed).entrySet()) {
                counts.put(query.getKey().substring(0, 3), QueryRun.count(target.dataset(), query.getValue()));
            }
        }
        assertEquals(expected(1, 1, 1, 3, 5, 2, 1, 2, 2, 1, 1, 1, 2, 1), counts);
    }

    @Test
    void theUnionAndValuesFormsGiveTheSameAnswersOnATinyUniversity() throws IOException {
        Path data = temp.resolve("tiny-university.nt");
        try (InputStream in = getClass().getResourceAsStream("/lubm/tiny-university.nt")) {
            Files.copy(in, data);
        }
        Map<String, Long> expected = expected(1, 1, 1, 3, 5, 2, 1, 2, 2, 1, 1, 1, 2, 1);
        try (QueryTarget target = QueryTarget.load("cinnabar", Files.createDirectory(temp.resolve("c")), List.of(data))) {
            for (String form : List.of("u", "v", "ur", "vr")) {
                List<String> names = LubmQueries.ALL.stream().map(name -> name + form).toList();
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Map.Entry<String, Query> query : LubmQueries.parse(names).entrySet()) {
                    counts.put(query.getKey().substring(0, 3), target.count(query.getValue()));
                }
                assertEquals(expected, counts, "form " + form);
            }
        }
    }

    @Test
    void theValuesFormHasNoUnionOfClassAlternativesAndTheUnionFormNoValues() {
        for (String name : LubmQueries.ALL) {
            Query values = LubmQueries.parse(List.of(name + "v")).get(name + "v");
            Query union = LubmQueries.parse(List.of(name + "u")).get(name + "u");
            assertEquals(List.of(), elements(union, ElementData.class), name + "u: " + union);
            for (ElementUnion alternatives : elements(values, ElementUnion.class)) {
                assertFalse(oneTriplePatternEachDifferingInTheObject(alternatives), name + "v: " + values);
            }
        }
        assertEquals(1, elements(LubmQueries.parse(List.of("q06u")).get("q06u"), ElementUnion.class).size(),
            "q06's VALUES over three classes is one UNION");
        assertEquals(3, elements(LubmQueries.parse(List.of("q09v")).get("q09v"), ElementData.class).size(),
            "q09's three UNIONs of types are three VALUES");
    }

    /** True if every branch is one triple pattern with the same subject and predicate (a class alternative). */
    private static boolean oneTriplePatternEachDifferingInTheObject(ElementUnion union) {
        Set<String> shapes = new HashSet<>();
        for (Element branch : union.getElements()) {
            List<ElementPathBlock> blocks = elementsIn(branch, ElementPathBlock.class);
            if (blocks.size() != 1 || blocks.get(0).getPattern().size() != 1) {
                return false;
            }
            TriplePath path = blocks.get(0).getPattern().get(0);
            shapes.add(path.getSubject() + " " + path.getPredicate());
        }
        return shapes.size() == 1;
    }

    private static <T> List<T> elements(Query query, Class<T> kind) {
        return elementsIn(query.getQueryPattern(), kind);
    }

    private static <T> List<T> elementsIn(Element root, Class<T> kind) {
        List<T> found = new ArrayList<>();
        ElementWalker.walk(root, new ElementVisitorBase() {
            @Override
            public void visit(ElementUnion el) {
                add(el);
            }

            @Override
            public void visit(ElementData el) {
                add(el);
            }

            @Override
            public void visit(ElementPathBlock el) {
                add(el);
            }

            private void add(Element el) {
                if (kind.isInstance(el)) {
                    found.add(kind.cast(el));
                }
            }
        });
        return found;
    }

    @Test
    void aReversedQueryHasTheTriplePatternsOfEachBlockInReverseOrder() {
        List<List<org.apache.jena.graph.Triple>> written = blocks(LubmQueries.parse(List.of("q09")).get("q09"));
        List<List<org.apache.jena.graph.Triple>> reversed = blocks(LubmQueries.parse(List.of("q09r")).get("q09r"));
        assertEquals(written.size(), reversed.size());
        for (int b = 0; b < written.size(); b++) {
            List<org.apache.jena.graph.Triple> backward = new java.util.ArrayList<>(reversed.get(b));
            java.util.Collections.reverse(backward);
            assertEquals(written.get(b), backward, "block " + b);
        }
        assertNotEquals(written.get(0), reversed.get(0), "q09's first block has three patterns");
    }

    /** The triple patterns of each basic graph pattern block of {@code query}, in the order written. */
    private static List<List<org.apache.jena.graph.Triple>> blocks(Query query) {
        List<List<org.apache.jena.graph.Triple>> blocks = new java.util.ArrayList<>();
        org.apache.jena.sparql.syntax.ElementWalker.walk(query.getQueryPattern(),
            new org.apache.jena.sparql.syntax.ElementVisitorBase() {
                @Override
                public void visit(org.apache.jena.sparql.syntax.ElementPathBlock block) {
                    List<org.apache.jena.graph.Triple> triples = new java.util.ArrayList<>();
                    block.getPattern().forEach(path -> triples.add(path.asTriple()));
                    blocks.add(triples);
                }
            });
        return blocks;
    }

    private Map<String, Long> counts(String store, Path data) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (QueryTarget target = QueryTarget.load(store, Files.createDirectory(temp.resolve(store)), List.of(data))) {
            for (Map.Entry<String, Query> query : LubmQueries.parse(LubmQueries.ALL).entrySet()) {
                counts.put(query.getKey(), target.count(query.getValue()));
            }
        }
        return counts;
    }

    private static Map<String, QueryTiming> timings(Map<String, Long> counts) {
        Map<String, QueryTiming> timings = new LinkedHashMap<>();
        counts.forEach((query, rows) -> timings.put(query, new QueryTiming(query, rows, 1, 1, 1)));
        return timings;
    }

    private static Map<String, Long> expected(long... rows) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            expected.put(LubmQueries.ALL.get(i), rows[i]);
        }
        return expected;
    }
}
