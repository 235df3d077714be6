package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code regex} with a constant pattern over id rows ({@link IdRegex}) gives ARQ's answers. */
class IdRegexTest {

    @RegisterExtension
    final OpenStores stores = OpenStores.perTest();

    /** Objects of every kind REGEX meets: strings, language strings, other literals, IRIs, an ill-typed literal. */
    private static final Node[] OBJECTS = {
        NodeFactory.createLiteralString("Alpha beta"),
        NodeFactory.createLiteralString("alphabet"),
        NodeFactory.createLiteralString(""),
        NodeFactory.createLiteralString("line\nbreak ALPHA"),
        NodeFactory.createLiteralString("caf\u00e9 \uD83D\uDE00 beta"),
        NodeFactory.createLiteralLang("alpha", "en"),
        NodeFactory.createLiteralLang("BETA", "de"),
        NodeFactory.createLiteralDT("alpha", XSDDatatype.XSDnormalizedString),
        NodeFactory.createLiteralDT("12", XSDDatatype.XSDinteger),
        NodeFactory.createLiteralDT("abc", XSDDatatype.XSDint),
        NodeFactory.createURI("http://example/alpha"),
    };

    private static final String[] PATTERNS = {"alpha", "^a", "beta$", "a.p", "ALPHA", "\\\\d", "caf\u00e9", "", "(?"};
    private static final String[] FLAGS = {null, "i", "s", "m", "x", "q", "is", "z"};

    private DatasetGraph[] datasets() {
        DatasetGraph store = stores.fresh();
        DatasetGraph memory = DatasetGraphFactory.createTxnMem();
        for (DatasetGraph dsg : new DatasetGraph[] {store, memory}) {
            Txn.executeWrite(dsg, () -> {
                for (int i = 0; i < OBJECTS.length; i++) {
                    Node s = RandomQuads.iri("s" + i);
                    dsg.add(Quad.defaultGraphIRI, s, RandomQuads.iri("label"), OBJECTS[i]);
                    dsg.add(Quad.defaultGraphIRI, s, RandomQuads.iri("type"), RandomQuads.iri("C"));
                }
            });
        }
        return new DatasetGraph[] {store, memory};
    }

    @Test
    void regexWithConstantPatternsAndFlagsGivesArqsAnswersForEveryKindOfValue() {
        DatasetGraph[] datasets = datasets();
        Random random = new Random(7);
        int nonEmpty = 0;
        for (int q = 0; q < 200; q++) {
            String pattern = RandomQuads.pick(random, PATTERNS);
            String flags = RandomQuads.pick(random, FLAGS);
            String regex = "regex(?l, \"" + pattern + "\"" + (flags == null ? "" : ", \"" + flags + "\"") + ")";
            String condition = random.nextBoolean() ? regex : random.nextBoolean() ? "!" + regex
                : "(" + regex + " || bound(?none))";
            String query = "SELECT * { ?s ex:type ex:C . ?s ex:label ?l FILTER(" + condition + ") }";
            List<String> expected = outcome(datasets[1], query);
            assertEquals(expected, outcome(datasets[0], query), query);
            nonEmpty += expected.isEmpty() || expected.get(0).startsWith("error") ? 0 : 1;
        }
        assertTrue(nonEmpty > 50, "too few queries with answers to mean anything: " + nonEmpty);
    }

    /** The solutions, or the error ARQ raises for a pattern or flags it rejects. */
    private static List<String> outcome(DatasetGraph dsg, String query) {
        try {
            return RandomQuads.solutions(dsg, query);
        } catch (RuntimeException e) {
            return List.of("error " + e.getClass().getName());
        }
    }

    @Test
    void regexWithAConstantPatternOverAPatternRunsAsAnIdFilter() {
        String plan = RandomQuads.plan(datasets()[0],
            "SELECT * { ?s ex:type ex:C . ?s ex:label ?l FILTER regex(?l, \"alpha\", \"i\") }");
        assertTrue(plan.contains("IdFilter (regex"), plan);
    }

    @Test
    void regexWithAVariablePatternStaysArqs() {
        String plan = RandomQuads.plan(datasets()[0],
            "SELECT * { ?s ex:type ex:C . ?s ex:label ?l FILTER regex(?l, ?l) }");
        assertTrue(!plan.contains("IdFilter"), plan);
    }
}
