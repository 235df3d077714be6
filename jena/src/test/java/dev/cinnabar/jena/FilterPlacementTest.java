package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A FILTER over a basic graph pattern: the pattern is ordered by cost first, then each condition runs right after
 * the pattern that binds its variables ({@link StoreOpExecutor}), instead of ARQ's placement cutting the pattern in
 * written order.
 */
class FilterPlacementTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    private static final String[] CONDITIONS = {
        "isLiteral(?b)", "!isBlank(?a)", "?a != ex:s0", "sameTerm(?b, ?c)", "bound(?c)", "str(?b) < \"m\"",
        "?b = 1", "isIRI(?c) || isLiteral(?a)", "!bound(?unused)", "EXISTS { ?a ?q ?c }",
        "NOT EXISTS { ?b ?q ?a }", "?q != ex:p1 && isIRI(?a)",
    };

    @Test
    void filtersOverRandomPatternsGiveArqsAnswers() {
        long nonEmpty = RandomQuads.nonEmpty(RandomQuads.assertSameAsArq(stores, 120, 150, random -> {
            StringBuilder where = new StringBuilder("SELECT * { ").append(RandomQuads.randomBgp(random))
                .append(RandomQuads.randomBgp(random));
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                where.append(" FILTER(").append(CONDITIONS[random.nextInt(CONDITIONS.length)]).append(')');
            }
            return where.append(" }").toString();
        }));
        assertTrue(nonEmpty > 30, "too few queries with answers to mean anything: " + nonEmpty);
    }

    @Test
    void aConditionRunsAfterThePatternThatBindsItsLastVariableInCostOrder() {
        DatasetGraph[] datasets = RandomQuads.datasets(stores, new Random(5), 120);
        // Written first, the large pattern ?a ?q ?b; the filter needs only ?c, which the small pattern binds.
        String query = "SELECT * { ?a ?q ?b . ex:s0 ex:p0 ?c . ?c ?r ?a FILTER(isIRI(?c)) }";
        String plan = RandomQuads.plan(datasets[0], query);
        assertEquals(RandomQuads.solutions(datasets[1], query), RandomQuads.solutions(datasets[0], query), plan);
        int filter = plan.indexOf("isIRI");
        int firstJoin = plan.indexOf("IdPatternJoin FIXED 1 patterns");
        int secondJoin = plan.indexOf("IdPatternJoin FIXED 2 patterns");
        assertTrue(firstJoin >= 0 && filter > firstJoin && secondJoin > filter, plan);
    }
}
