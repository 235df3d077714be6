package dev.cinnabar.cli;

import static dev.cinnabar.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.engine.binding.Binding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cinnabar.cli.CliTest.Run;

/** {@code cinnabar sparql}: results in each format parse back to the same solutions; errors have exit codes. */
class SparqlCommandTest {

    private static final String FOAF = "http://xmlns.com/foaf/0.1/";
    private static final String DATA = ""
        + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alice\"@en .\n"
        + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/age> "
        + "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/name> \"Bob, \\\"the\\\" builder\" "
        + "<http://example.org/g> .\n"
        + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/knows> <http://example.org/alice> "
        + "<http://example.org/g> .\n";
    private static final String NAMES = "SELECT ?who ?name WHERE { { ?who <" + FOAF + "name> ?name } UNION "
        + "{ GRAPH ?g { ?who <" + FOAF + "name> ?name } } }";

    @TempDir
    Path dir;

    Path store;

    @BeforeEach
    void load() throws IOException {
        store = dir.resolve("store");
        Path data = Files.writeString(dir.resolve("data.nq"), DATA);
        Run load = run("load", "--store", store.toString(), data.toString());
        assertEquals(0, load.code(), load::toString);
    }

    /** The solutions of {@link #NAMES}, as Jena nodes. */
    private static Set<Map<String, Node>> expectedNames() {
        Set<Map<String, Node>> rows = new HashSet<>();
        rows.add(Map.of("who", NodeFactory.createURI("http://example.org/alice"),
            "name", NodeFactory.createLiteralLang("Alice", "en")));
        rows.add(Map.of("who", NodeFactory.createURI("http://example.org/bob"),
            "name", NodeFactory.createLiteralString("Bob, \"the\" builder")));
        return rows;
    }

    private static Set<Map<String, Node>> rows(ResultSet results) {
        Set<Map<String, Node>> rows = new HashSet<>();
        while (results.hasNext()) {
            Binding binding = results.nextBinding();
            Map<String, Node> row = new HashMap<>();
            binding.vars().forEachRemaining(var -> row.put(var.getVarName(), binding.get(var)));
            rows.add(row);
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml", "tsv"})
    void selectResultsParseBackToTheSolutions(String format) {
        Run select = run("sparql", "--store", store.toString(), "--format", format, NAMES);
        assertEquals(0, select.code(), select::toString);
        assertEquals("", select.err());
        Lang lang = switch (format) {
            case "json" -> ResultSetLang.RS_JSON;
            case "xml" -> ResultSetLang.RS_XML;
            default -> ResultSetLang.RS_TSV;
        };
        ResultSet results = ResultSetMgr.read(new ByteArrayInputStream(select.out().getBytes(StandardCharsets.UTF_8)),
            lang);
        assertEquals(List.of("who", "name"), results.getResultVars());
        assertEquals(expectedNames(), rows(results));
    }

    @Test
    void selectAsCsvHasAHeaderAndTheLexicalForms() throws IOException {
        Run select = run("sparql", "--store", store.toString(), "--format", "csv", NAMES);
        assertEquals(0, select.code(), select::toString);
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(select.out())).getRecords();
        assertEquals(List.of("who", "name"), records.get(0).toList());
        Set<List<String>> rows = new HashSet<>();
        for (CSVRecord record : records.subList(1, records.size())) {
            rows.add(record.toList());
        }
        assertEquals(Set.of(List.of("http://example.org/alice", "Alice"),
            List.of("http://example.org/bob", "Bob, \"the\" builder")), rows);
    }

    @Test
    void selectAsTableIsTheDefaultWithOneRowPerSolution() {
        Run select = run("sparql", "--store", store.toString(), NAMES + " ORDER BY ?who");
        assertEquals(0, select.code(), select::toString);
        List<List<String>> cells = new ArrayList<>();
        for (String line : select.out().lines().toList()) {
            if (line.startsWith("|")) {
                List<String> row = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    row.add(cell.strip());
                }
                cells.add(row);
            }
        }
        assertEquals(List.of(List.of("who", "name"),
            List.of("<http://example.org/alice>", "\"Alice\"@en"),
            List.of("<http://example.org/bob>", "\"Bob, \\\"the\\\" builder\"")), cells, select::toString);
    }

    @Test
    void askAnswersInEveryResultFormat() {
        String yes = "ASK { GRAPH <http://example.org/g> { ?s <" + FOAF + "knows> ?o } }";
        String no = "ASK { <http://example.org/alice> <" + FOAF + "knows> ?o }";
        assertEquals("yes\n", run("sparql", "--store", store.toString(), yes).out());
        assertEquals("no\n", run("sparql", "--store", store.toString(), no).out());
        for (String format : List.of("json", "xml")) {
            Lang lang = format.equals("json") ? ResultSetLang.RS_JSON : ResultSetLang.RS_XML;
            Run answer = run("sparql", "--store", store.toString(), "--format", format, yes);
            assertEquals(0, answer.code(), answer::toString);
            assertTrue(ResultSetMgr.readBoolean(new ByteArrayInputStream(answer.out().getBytes(StandardCharsets.UTF_8)),
                lang), answer::toString);
            Run negative = run("sparql", "--store", store.toString(), "--format", format, no);
            assertFalse(ResultSetMgr.readBoolean(new ByteArrayInputStream(
                negative.out().getBytes(StandardCharsets.UTF_8)), lang), negative::toString);
        }
        // CSV and TSV have no boolean form; Jena writes a one-column table, _askResult.
        assertEquals(List.of("_askResult", "true"), run("sparql", "--store", store.toString(), "--format", "csv", yes)
            .out().lines().toList());
        assertEquals(List.of("?_askResult", "false"), run("sparql", "--store", store.toString(), "--format", "tsv",
            no).out().lines().toList());
    }

    @Test
    void constructPrintsNQuads() {
        Run construct = run("sparql", "--store", store.toString(), "CONSTRUCT { ?o <http://example.org/knownBy> ?s } "
            + "WHERE { GRAPH ?g { ?s <" + FOAF + "knows> ?o } }");
        assertEquals(0, construct.code(), construct::toString);
        LoadFormatsTest.assertIsomorphic(LoadFormatsTest.dataset(
            "<http://example.org/alice> <http://example.org/knownBy> <http://example.org/bob> .\n"),
            LoadFormatsTest.dataset(construct.out()));
    }

    @Test
    void describeAsTurtle() {
        Run describe = run("sparql", "--store", store.toString(), "--format", "turtle",
            "DESCRIBE <http://example.org/alice>");
        assertEquals(0, describe.code(), describe::toString);
        org.apache.jena.graph.Graph graph = org.apache.jena.riot.RDFParser.fromString(describe.out(), Lang.TURTLE)
            .toGraph();
        assertEquals(2, graph.size(), describe::toString);
        assertTrue(graph.contains(NodeFactory.createURI("http://example.org/alice"),
            NodeFactory.createURI(FOAF + "age"), Node.ANY));
    }

    @Test
    void aQueryFromAFile() throws IOException {
        Path query = Files.writeString(dir.resolve("names.rq"), "PREFIX foaf: <" + FOAF + ">\n"
            + "SELECT (COUNT(*) AS ?n)\nWHERE { ?s foaf:name ?name }\n");
        Run count = run("sparql", "--store", store.toString(), "--format", "csv", "--file", query.toString());
        assertEquals(0, count.code(), count::toString);
        assertEquals(List.of("n", "1"), count.out().lines().toList(), "the default graph holds one name");
    }

    @Test
    void aSyntaxErrorIsExitCode1WithItsPlace() throws IOException {
        Run inline = run("sparql", "--store", store.toString(), "SELECT ?s WHERE { ?s ?p }");
        assertEquals(1, inline.code(), inline::toString);
        assertTrue(inline.err().startsWith("cinnabar sparql: line 1, column 25: syntax error: "), inline::toString);
        assertFalse(inline.err().contains("\tat "), inline::toString);
        assertEquals("", inline.out());

        Path query = Files.writeString(dir.resolve("bad.rq"), "SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n");
        Run fromFile = run("sparql", "--store", store.toString(), "--file", query.toString());
        assertEquals(1, fromFile.code(), fromFile::toString);
        assertTrue(fromFile.err().contains(query + ":4:"), fromFile::toString);
    }

    @Test
    void storeAndUsageErrors() {
        Run absent = run("sparql", "--store", dir.resolve("absent").toString(), "ASK {}");
        assertEquals(3, absent.code(), absent::toString);
        assertFalse(Files.exists(dir.resolve("absent")), "sparql never creates a store");
        Run both = run("sparql", "--store", store.toString(), "--file", "q.rq", "ASK {}");
        assertEquals(2, both.code(), both::toString);
        Run neither = run("sparql", "--store", store.toString());
        assertEquals(2, neither.code(), neither::toString);
        Run mismatch = run("sparql", "--store", store.toString(), "--format", "nquads", "SELECT * {}");
        assertEquals(2, mismatch.code(), mismatch::toString);
        Run missing = run("sparql", "--store", store.toString(), "--file", dir.resolve("none.rq").toString());
        assertEquals(1, missing.code(), missing::toString);
    }
}
