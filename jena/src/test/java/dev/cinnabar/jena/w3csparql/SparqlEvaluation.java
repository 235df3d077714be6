package dev.cinnabar.jena.w3csparql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.ResultSetStream;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.expr.nodevalue.NodeFunctions;
import org.apache.jena.sparql.resultset.RDFInput;
import org.apache.jena.sparql.resultset.ResultSetCompare;
import org.apache.jena.sparql.util.IsoMatcher;
import org.apache.jena.sparql.vocabulary.ResultSetGraphVocab;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
import org.apache.jena.vocabulary.RDF;

/**
 * Runs one {@link SparqlTestCase} over a dataset and compares the outcome with the test's expected result, as the
 * W3C suites define it: SELECT results by value (and order where the query orders), graphs and datasets up to
 * blank-node isomorphism, ASK by its boolean, an update by the dataset it leaves.
 */
final class SparqlEvaluation {

    /** Generous: the slowest test here takes milliseconds; a hang must end as a failure, not stall the build. */
    private static final long QUERY_TIMEOUT_SECONDS = 60;

    private SparqlEvaluation() {
    }

    /** Null when {@code dsg} gives the expected result, else what went wrong. */
    static String run(SparqlTestCase test, DatasetGraph dsg) {
        try {
            return test.kind() == SparqlTestCase.Kind.QUERY ? runQuery(test, dsg) : runUpdate(test, dsg);
        } catch (RuntimeException | StackOverflowError e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String runQuery(SparqlTestCase test, DatasetGraph dsg) {
        // The SPARQL 1.0 tests are SPARQL 1.0 (term-7's "456." is a decimal there and not in SPARQL 1.1).
        Syntax syntax = test.suite().startsWith("sparql10") ? Syntax.syntaxSPARQL_10 : Syntax.syntaxSPARQL_11;
        Query query = QueryFactory.read(test.request(), null, syntax);
        List<SparqlTestCase.NamedData> graphs = new ArrayList<>(test.graphData());
        Set<String> named = new HashSet<>();
        graphs.forEach(g -> named.add(g.graphName()));
        // A dataset named only in the query (FROM, FROM NAMED) is loaded as named graphs, so that Jena's dynamic
        // dataset picks it out of the store under test instead of reading the files itself.
        Set<String> fromQuery = new LinkedHashSet<>(query.getGraphURIs());
        fromQuery.addAll(query.getNamedGraphURIs());
        for (String iri : fromQuery) {
            if (named.add(iri)) {
                graphs.add(new SparqlTestCase.NamedData(iri, iri));
            }
        }
        load(dsg, test.data(), graphs);
        return Txn.calculateRead(dsg, () -> {
            try (QueryExecution execution = QueryExecution.dataset(DatasetFactory.wrap(dsg)).query(query)
                    .timeout(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS).build()) {
                if (query.isSelectType()) {
                    return compareSelect(test, query, ResultSetFactory.makeRewindable(execution.execSelect()));
                }
                if (query.isAskType()) {
                    return compareAsk(test, execution.execAsk());
                }
                Graph actual = query.isConstructType() ? execution.execConstruct().getGraph()
                        : execution.execDescribe().getGraph();
                Graph expected = RDFDataMgr.loadGraph(test.result());
                return IsoMatcher.isomorphic(expected, actual) ? null
                        : "graphs differ: expected " + expected.size() + " triples, got " + actual.size();
            }
        });
    }

    private static String compareSelect(SparqlTestCase test, Query query, ResultSetRewindable actual) {
        String resultFile = test.result();
        ResultSetRewindable expected;
        if (resultFile.endsWith(".ttl") || resultFile.endsWith(".rdf")) {
            expected = ResultSetFactory.makeRewindable(RDFInput.fromRDF(RDFDataMgr.loadModel(resultFile)));
        } else {
            expected = readResults(resultFile);
        }
        if (resultFile.endsWith(".csv")) {
            // CSV keeps only lexical forms, and blank-node labels are arbitrary: compare what CSV would have written.
            expected = lexicalForms(expected);
            actual = lexicalForms(actual);
        }
        if (query.isReduced()) {
            // REDUCED may drop any duplicates: the strictest fair comparison is without duplicates on both sides.
            expected = distinct(expected);
            actual = distinct(actual);
        }
        boolean same = query.isOrdered() ? ResultSetCompare.equalsByValueAndOrder(expected, actual)
                : ResultSetCompare.equalsByValue(expected, actual);
        if (same) {
            return null;
        }
        expected.reset();
        actual.reset();
        return "results differ: expected " + expected.size() + " rows, got " + actual.size();
    }

    private static String compareAsk(SparqlTestCase test, boolean actual) {
        String resultFile = test.result();
        boolean expected;
        if (resultFile.endsWith(".ttl") || resultFile.endsWith(".rdf")) {
            Model model = RDFDataMgr.loadModel(resultFile);
            Resource resultSet = model.listSubjectsWithProperty(RDF.type, ResultSetGraphVocab.ResultSet).next();
            expected = resultSet.getRequiredProperty(ResultSetGraphVocab.p_boolean).getBoolean();
        } else {
            try (InputStream in = new URL(resultFile).openStream()) {
                expected = ResultSetMgr.readBoolean(in, resultLang(resultFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected == actual ? null : "ASK: expected " + expected + ", got " + actual;
    }

    /** Read whole while the file is open: Jena's readers are lazy. */
    private static ResultSetRewindable readResults(String resultFile) {
        try (InputStream in = new URL(resultFile).openStream()) {
            return ResultSetFactory.makeRewindable(ResultSetMgr.read(in, resultLang(resultFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lang resultLang(String resultFile) {
        String extension = resultFile.substring(resultFile.lastIndexOf('.') + 1);
        return switch (extension) {
            case "srx" -> ResultSetLang.RS_XML;
            case "srj" -> ResultSetLang.RS_JSON;
            case "csv" -> ResultSetLang.RS_CSV;
            case "tsv" -> ResultSetLang.RS_TSV;
            default -> throw new IllegalArgumentException("unknown result format: " + resultFile);
        };
    }

    private static String runUpdate(SparqlTestCase test, DatasetGraph dsg) {
        load(dsg, test.data(), test.graphData());
        UpdateRequest request = UpdateFactory.read(test.request(), Syntax.syntaxSPARQL_11);
        Txn.executeWrite(dsg, () -> UpdateAction.execute(request, dsg));
        DatasetGraph expected = DatasetGraphFactory.createTxnMem();
        load(expected, test.resultData(), test.resultGraphData());
        return Txn.calculateRead(dsg, () -> Txn.calculateRead(expected, () -> compareDatasets(expected, dsg)));
    }

    private static String compareDatasets(DatasetGraph expected, DatasetGraph actual) {
        Set<Node> expectedNames = new HashSet<>();
        expected.listGraphNodes().forEachRemaining(expectedNames::add);
        Set<Node> actualNames = new HashSet<>();
        actual.listGraphNodes().forEachRemaining(actualNames::add);
        if (!expectedNames.equals(actualNames)) {
            return "named graphs differ: expected " + expectedNames + ", got " + actualNames;
        }
        if (!IsoMatcher.isomorphic(expected.getDefaultGraph(), actual.getDefaultGraph())) {
            return "default graphs differ";
        }
        for (Node name : expectedNames) {
            if (!IsoMatcher.isomorphic(expected.getGraph(name), actual.getGraph(name))) {
                return "graph " + name + " differs";
            }
        }
        return null;
    }

    /** Each file parsed on its own (its blank nodes are its own), then added in one write transaction. */
    private static void load(DatasetGraph dsg, List<String> defaultData, List<SparqlTestCase.NamedData> graphs) {
        List<Quad> quads = new ArrayList<>();
        for (String file : defaultData) {
            addAll(quads, Quad.defaultGraphIRI, RDFDataMgr.loadGraph(file));
        }
        for (SparqlTestCase.NamedData graph : graphs) {
            addAll(quads, NodeFactory.createURI(graph.graphName()), RDFDataMgr.loadGraph(graph.file()));
        }
        Txn.executeWrite(dsg, () -> quads.forEach(dsg::add));
    }

    private static void addAll(List<Quad> quads, Node graphName, Graph graph) {
        for (Triple t : graph.find().toList()) {
            quads.add(Quad.create(graphName, t));
        }
    }

    private static ResultSetRewindable lexicalForms(ResultSetRewindable results) {
        List<Binding> rows = new ArrayList<>();
        while (results.hasNext()) {
            Binding row = results.nextBinding();
            BindingBuilder builder = Binding.builder();
            for (String name : results.getResultVars()) {
                Node value = row.get(Var.alloc(name));
                String text = value == null ? "" : value.isBlank() ? "_:" : NodeFunctions.str(value);
                if (text.startsWith("_:")) {
                    text = "_:"; // a blank node, as CSV writes it: its label is arbitrary
                }
                builder.add(Var.alloc(name), NodeFactory.createLiteralString(text));
            }
            rows.add(builder.build());
        }
        return rewindable(results.getResultVars(), rows);
    }

    private static ResultSetRewindable distinct(ResultSetRewindable results) {
        Set<Binding> rows = new LinkedHashSet<>();
        while (results.hasNext()) {
            rows.add(results.nextBinding());
        }
        return rewindable(results.getResultVars(), new ArrayList<>(rows));
    }

    private static ResultSetRewindable rewindable(List<String> vars, List<Binding> rows) {
        QueryIterator iterator = QueryIterPlainWrapper.create(rows.iterator());
        ResultSet results = ResultSetStream.create(vars, null, iterator);
        return ResultSetFactory.makeRewindable(results);
    }
}
