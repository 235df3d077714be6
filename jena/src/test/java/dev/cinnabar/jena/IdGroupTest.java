package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GROUP BY with COUNT on atom ids ({@link IdGroup}) gives ARQ's answers. */
class IdGroupTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    private static final String[] VARS = {"?a", "?b", "?c", "?g", "?unused"};

    /**
     * Zero to two group variables and zero to three counts (*, a variable, DISTINCT a variable) over a random group
     * pattern, which may bind nothing, leave variables unbound (OPTIONAL) or bind unstored values (VALUES).
     */
    private static String randomGroupQuery(Random random) {
        List<String> keys = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            String key = RandomQuads.pick(random, VARS);
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        List<String> counts = new ArrayList<>();
        int aggregates = random.nextInt(4);
        for (int i = 0; i < aggregates; i++) {
            String var = RandomQuads.pick(random, VARS);
            switch (random.nextInt(3)) {
                case 0:
                    counts.add("(COUNT(*) AS ?n" + i + ")");
                    break;
                case 1:
                    counts.add("(COUNT(" + var + ") AS ?n" + i + ")");
                    break;
                default:
                    counts.add("(COUNT(DISTINCT " + var + ") AS ?n" + i + ")");
                    break;
            }
        }
        if (keys.isEmpty() && counts.isEmpty()) {
            counts.add("(COUNT(*) AS ?n)");
        }
        String where = RandomQuads.randomWhere(random);
        return "SELECT " + String.join(" ", keys) + " " + String.join(" ", counts) + " " + where
            + (keys.isEmpty() ? "" : " GROUP BY " + String.join(" ", keys));
    }

    @Test
    void randomGroupsAndCountsGiveArqsAnswersOverAnInMemoryCopy() {
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(stores, 120, 150,
            IdGroupTest::randomGroupQuery);
        long manyGroups = checked.stream().filter(c -> c.expected().size() > 1).count();
        long counted = checked.stream().filter(c -> c.expected().stream()
            .anyMatch(row -> row.matches(".*n\\d?=\"[2-9]\\d*\".*"))).count();
        assertTrue(manyGroups > 100, "too few queries with several groups: " + manyGroups);
        assertTrue(counted > 100, "too few queries counting more than one row: " + counted);
    }

    /** Values the store does not hold are keys and distinct values of their own, each as itself. */
    @Test
    void unstoredValuesAreGroupedAndCountedAsTheTermsTheyAre() {
        DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(6), 60);
        String values = "VALUES ?x { ex:never1 ex:never2 \"never3\" ex:s0 UNDEF } ?a ex:p0 ?b ";
        for (String query : new String[] {
            "SELECT ?x (COUNT(*) AS ?n) { " + values + "} GROUP BY ?x",
            "SELECT ?a (COUNT(DISTINCT ?x) AS ?n) (COUNT(?x) AS ?m) { " + values + "} GROUP BY ?a",
        }) {
            List<String> expected = RandomQuads.solutions(datasets[1], query);
            assertTrue(expected.size() > 1, query + ": " + expected);
            assertEquals(expected, RandomQuads.solutions(datasets[0], query), query);
            assertTrue(RandomQuads.plan(datasets[0], query).contains("IdGroup"), query);
        }
    }

    @Test
    void aCountWithoutGroupsIsOneRowEvenOfNothing() {
        DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(5), 60);
        String query = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?d) { ?s ex:never-stored ?o }";
        assertEquals(List.of("{d=\"0\"^^xsd:integer, n=\"0\"^^xsd:integer}"),
            RandomQuads.solutions(datasets[0], query));
        assertEquals(RandomQuads.solutions(datasets[1], query), RandomQuads.solutions(datasets[0], query));
        String plan = RandomQuads.plan(datasets[0], "SELECT ?s (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o } GROUP BY ?s");
        assertTrue(plan.contains("IdGroup"), plan);
    }
}
