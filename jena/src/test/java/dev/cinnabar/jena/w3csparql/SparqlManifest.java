package dev.cinnabar.jena.w3csparql;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/** Reads the evaluation tests of one W3C SPARQL test manifest ({@code manifest.ttl}) into {@link SparqlTestCase}s. */
final class SparqlManifest {

    private static final String MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    private static final String QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
    private static final String UT = "http://www.w3.org/2009/sparql/tests/test-update#";
    private static final String DAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

    private static final Resource MANIFEST = resource(MF, "Manifest");
    private static final Resource QUERY_EVALUATION_TEST = resource(MF, "QueryEvaluationTest");
    private static final Resource CSV_RESULT_FORMAT_TEST = resource(MF, "CSVResultFormatTest");
    private static final Resource UPDATE_EVALUATION_TEST = resource(MF, "UpdateEvaluationTest");
    private static final Resource WITHDRAWN = resource(DAWGT, "Withdrawn");
    private static final Property ENTRIES = property(MF, "entries");
    private static final Property NAME = property(MF, "name");
    private static final Property ACTION = property(MF, "action");
    private static final Property RESULT = property(MF, "result");
    private static final Property APPROVAL = property(DAWGT, "approval");
    private static final Property QUERY = property(QT, "query");
    private static final Property QUERY_DATA = property(QT, "data");
    private static final Property QUERY_GRAPH_DATA = property(QT, "graphData");
    private static final Property REQUEST = property(UT, "request");
    private static final Property UPDATE_DATA = property(UT, "data");
    private static final Property UPDATE_GRAPH_DATA = property(UT, "graphData");
    private static final Property UPDATE_GRAPH = property(UT, "graph");

    private SparqlManifest() {
    }

    /** Every entry of the manifest at {@code manifestIri}; entries that are not evaluation tests carry a skip reason. */
    static List<SparqlTestCase> read(String suite, String manifestIri) {
        Model model = RDFDataMgr.loadModel(manifestIri);
        List<SparqlTestCase> cases = new ArrayList<>();
        for (Resource manifest : model.listSubjectsWithProperty(RDF.type, MANIFEST).toList()) {
            Statement entries = manifest.getProperty(ENTRIES);
            if (entries == null) {
                continue;
            }
            for (RDFNode entry : entries.getObject().as(org.apache.jena.rdf.model.RDFList.class).asJavaList()) {
                cases.add(testCase(suite, entry.asResource()));
            }
        }
        return cases;
    }

    private static SparqlTestCase testCase(String suite, Resource entry) {
        String name = entry.hasProperty(NAME) ? entry.getProperty(NAME).getString() : entry.toString();
        Resource action = entry.hasProperty(ACTION) ? entry.getPropertyResourceValue(ACTION) : null;
        Resource type = entry.getPropertyResourceValue(RDF.type);
        String skip = null;
        if (entry.hasProperty(APPROVAL, WITHDRAWN)) {
            skip = "withdrawn by the working group";
        }
        boolean query = type == null || type.equals(QUERY_EVALUATION_TEST) || type.equals(CSV_RESULT_FORMAT_TEST);
        if (type != null && type.equals(UPDATE_EVALUATION_TEST)) {
            Resource result = entry.getPropertyResourceValue(RESULT);
            return new SparqlTestCase(suite, name, SparqlTestCase.Kind.UPDATE, iri(action, REQUEST),
                    iris(action, UPDATE_DATA), graphData(action, UPDATE_GRAPH_DATA), null,
                    iris(result, UPDATE_DATA), graphData(result, UPDATE_GRAPH_DATA), skip);
        }
        if (!query || action == null || !action.hasProperty(QUERY)) {
            return new SparqlTestCase(suite, name, SparqlTestCase.Kind.QUERY, null, List.of(), List.of(), null,
                    List.of(), List.of(), "not an evaluation test (" + (type == null ? "no type" : type.getLocalName())
                            + "): it does not run over a dataset");
        }
        Resource result = entry.getPropertyResourceValue(RESULT);
        return new SparqlTestCase(suite, name, SparqlTestCase.Kind.QUERY, iri(action, QUERY), iris(action, QUERY_DATA),
                graphData(action, QUERY_GRAPH_DATA), result == null ? null : result.getURI(), List.of(), List.of(),
                skip);
    }

    private static String iri(Resource subject, Property property) {
        Resource value = subject == null ? null : subject.getPropertyResourceValue(property);
        return value == null ? null : value.getURI();
    }

    private static List<String> iris(Resource subject, Property property) {
        List<String> iris = new ArrayList<>();
        if (subject != null) {
            subject.listProperties(property).forEachRemaining(s -> iris.add(s.getResource().getURI()));
        }
        return iris;
    }

    /** A graph datum is either a file IRI (its own graph name) or a node with the file and an rdfs:label name. */
    private static List<SparqlTestCase.NamedData> graphData(Resource subject, Property property) {
        List<SparqlTestCase.NamedData> graphs = new ArrayList<>();
        if (subject != null) {
            subject.listProperties(property).forEachRemaining(s -> {
                Resource value = s.getResource();
                if (value.isURIResource()) {
                    graphs.add(new SparqlTestCase.NamedData(value.getURI(), value.getURI()));
                } else {
                    graphs.add(new SparqlTestCase.NamedData(value.getProperty(RDFS.label).getString(),
                            value.getPropertyResourceValue(UPDATE_GRAPH).getURI()));
                }
            });
        }
        return graphs;
    }

    private static Resource resource(String namespace, String local) {
        return ResourceFactory.createResource(namespace + local);
    }

    private static Property property(String namespace, String local) {
        return ResourceFactory.createProperty(namespace, local);
    }
}
