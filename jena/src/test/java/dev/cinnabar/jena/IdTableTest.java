package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A VALUES table joined with a pattern, as id rows fed to the pattern ({@link IdTable}), gives ARQ's answers. */
class IdTableTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** A value of a VALUES row: stored terms of every kind, a never-stored IRI and literal, or UNDEF. */
    private static String value(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return "UNDEF";
            case 1:
                return random.nextBoolean() ? RandomQuads.term(RandomQuads.NEVER) : "\"never stored\"";
            case 2:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.LITERALS));
            case 3:
                return RandomQuads.term(RandomQuads.iri("g" + random.nextInt(3)));
            default:
                return RandomQuads.term(RandomQuads.pick(random, RandomQuads.SUBJECTS));
        }
    }

    /**
     * A VALUES table over one to three of ?a ?b ?g and ?x (which no pattern uses), written before or after a random
     * pattern, in the default graph or in GRAPH ?g.
     */
    private static String randomValuesQuery(Random random) {
        List<String> vars = new ArrayList<>();
        for (String var : new String[] {"?a", "?b", "?g", "?x"}) {
            if (random.nextInt(2) == 0) {
                vars.add(var);
            }
        }
        if (vars.isEmpty()) {
            vars.add("?x");
        }
        StringBuilder table = new StringBuilder("VALUES (" + String.join(" ", vars) + ") {");
        for (int row = random.nextInt(6); row >= 0; row--) {
            table.append(" (");
            for (int i = 0; i < vars.size(); i++) {
                table.append(i == 0 ? "" : " ").append(value(random));
            }
            table.append(")");
        }
        table.append(" }");
        String bgp = RandomQuads.randomBgp(random);
        String pattern = random.nextInt(3) == 0 ? "GRAPH ?g { " + bgp + " }" : bgp;
        switch (random.nextInt(3)) {
            case 0:
                return "SELECT * { " + pattern + " " + table + " }";
            case 1:
                return "SELECT * { " + pattern + " } " + table;
            default:
                return "SELECT * { " + table + " " + pattern + " }";
        }
    }

    @Test
    void randomValuesTablesJoinedWithPatternsGiveArqsAnswersOverAnInMemoryCopy() {
        List<RandomQuads.Checked> checked = RandomQuads.assertSameAsArq(stores, 120, 150,
            IdTableTest::randomValuesQuery);
        long nonEmpty = RandomQuads.nonEmpty(checked);
        long unstoredKept = checked.stream()
            .filter(c -> c.expected().stream().anyMatch(row -> row.contains("never"))).count();
        assertTrue(nonEmpty > 150, "too few queries with answers to mean anything: " + nonEmpty);
        assertTrue(unstoredKept > 20, "too few queries passing an unstored value through: " + unstoredKept);
    }

    @Test
    void aValuesTableBeforeAPatternRunsAsIdRows() {
        DatasetGraph dsg = RandomQuads.datasets(stores, new Random(3), 60)[0];
        String plan = RandomQuads.plan(dsg,
            "SELECT * { VALUES (?a ?x) { (ex:s0 1) (ex:never-stored 2) (UNDEF ex:never-stored) } ?a ?q ?b }");
        assertTrue(plan.contains("IdTable 3 rows, 1 with stored values"), plan);
    }
}
