package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.jena.graph.Graph;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.system.PrefixMapFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.RowSetOps;
import org.apache.jena.sparql.resultset.ResultsWriter;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.QuadStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cinnabar sparql}: a SPARQL query on a store, in one read transaction, its results on standard output. */
@Command(name = "sparql", mixinStandardHelpOptions = true,
    description = {"Run a SPARQL 1.1 query on a store (Apache Jena's engine) and print its results on standard "
        + "output: SELECT and ASK as a table (the default), CSV, TSV, JSON or XML; CONSTRUCT and DESCRIBE as N-Quads "
        + "(the default), N-Triples, Turtle, TriG, JSON-LD or RDF/XML.",
        "",
        "The query sees the store as of one read transaction. A syntax error is exit code 1 with its line and column."},
    footer = {"", "Examples:",
        "  cinnabar sparql --store db 'SELECT * WHERE { ?s ?p ?o } LIMIT 10'",
        "  cinnabar sparql --store db --format csv --file query.rq > results.csv",
        "  cinnabar sparql --store db 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }'",
        "  cinnabar sparql --store db 'CONSTRUCT WHERE { ?s a ?class }' > types.nq"})
final class SparqlCommand implements Callable<Integer> {

    /** How results are written: result-set formats for SELECT and ASK, RDF syntaxes for CONSTRUCT and DESCRIBE. */
    enum ResultFormat {
        table(ResultSetLang.RS_Text, null),
        csv(ResultSetLang.RS_CSV, null),
        tsv(ResultSetLang.RS_TSV, null),
        json(ResultSetLang.RS_JSON, null),
        xml(ResultSetLang.RS_XML, null),
        nquads(null, RDFFormat.NQUADS),
        ntriples(null, RDFFormat.NTRIPLES),
        turtle(null, RDFFormat.TURTLE),
        trig(null, RDFFormat.TRIG),
        jsonld(null, RDFFormat.JSONLD),
        rdfxml(null, RDFFormat.RDFXML);

        final Lang resultLang;
        final RDFFormat rdfFormat;

        ResultFormat(Lang resultLang, RDFFormat rdfFormat) {
            this.resultLang = resultLang;
            this.rdfFormat = rdfFormat;
        }

        boolean forResults() {
            return resultLang != null;
        }

        /** Whether the syntax holds quads (named graphs), not only triples. */
        boolean holdsQuads() {
            Lang lang = rdfFormat == null ? null : rdfFormat.getLang();
            return lang != null && (lang.equals(Lang.NQUADS) || lang.equals(Lang.TRIG) || lang.equals(Lang.JSONLD));
        }
    }

    @ParentCommand
    CinnabarCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The query (or give --file).")
    String query;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the query from FILE (UTF-8); "
        + "relative IRIs in it resolve against the file's URI.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv, tsv, json or xml for SELECT and ASK "
        + "(default: table); nquads, ntriples, turtle, trig, jsonld or rdfxml for CONSTRUCT and DESCRIBE (default: "
        + "nquads).")
    ResultFormat format;

    @Override
    public Integer call() throws IOException, CliException {
        SparqlText text = SparqlText.of(spec, query, file, "query");
        Query parsed;
        try {
            parsed = QueryFactory.create(text.text(), text.base());
        } catch (QueryParseException e) {
            throw text.syntaxError(e);
        }
        boolean results = parsed.isSelectType() || parsed.isAskType();
        if (!results && !parsed.isConstructType() && !parsed.isDescribeType()) {
            throw CliException.badInput("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are supported");
        }
        ResultFormat chosen = format != null ? format : results ? ResultFormat.table : ResultFormat.nquads;
        if (chosen.forResults() != results) {
            throw new ParameterException(spec.commandLine(), "--format " + chosen + " is for "
                + (chosen.forResults() ? "SELECT and ASK" : "CONSTRUCT and DESCRIBE") + " queries; this one is "
                + (parsed.isSelectType() ? "SELECT" : parsed.isAskType() ? "ASK"
                    : parsed.isConstructType() ? "CONSTRUCT" : "DESCRIBE"));
        }
        PrintStream out = root.out;
        try (QuadStore quadStore = Stores.openExisting(store.directory)) {
            DatasetGraph dataset = CinnabarJena.wrap(quadStore);
            dataset.begin(TxnType.READ);
            try (QueryExec exec = QueryExec.dataset(dataset).query(parsed).build()) {
                if (parsed.isSelectType()) {
                    writeRows(exec.select(), parsed, chosen, out);
                } else if (parsed.isAskType()) {
                    writeBoolean(exec.ask(), chosen, out);
                } else if (parsed.isConstructType()) {
                    writeRdf(exec.constructDataset(), chosen, out);
                } else {
                    writeRdf(DatasetGraphFactory.wrap(exec.describe()), chosen, out);
                }
            } finally {
                dataset.end();
            }
        }
        out.flush();
        QueryCommand.finish(root, true);
        return CinnabarCommand.OK;
    }

    private static void writeRows(RowSet rows, Query query, ResultFormat format, PrintStream out) {
        if (format == ResultFormat.table) {
            // The query's prefixes shorten IRIs in the table; its base does not (a relative IRI would mislead).
            RowSetOps.out(out, rows, PrefixMapFactory.create(query.getPrefixMapping()));
        } else {
            ResultsWriter.create().lang(format.resultLang).write(out, rows);
        }
    }

    private static void writeBoolean(boolean answer, ResultFormat format, PrintStream out) {
        if (format == ResultFormat.table) {
            out.println(answer ? "yes" : "no");
        } else {
            ResultsWriter.create().lang(format.resultLang).write(out, answer);
        }
    }

    private static void writeRdf(DatasetGraph result, ResultFormat format, PrintStream out) throws CliException {
        if (format.holdsQuads()) {
            RDFDataMgr.write(out, result, format.rdfFormat);
            return;
        }
        if (result.listGraphNodes().hasNext()) {
            throw CliException.badInput("the result has named graphs, which --format " + format + " cannot hold: use "
                + "nquads or trig");
        }
        Graph graph = result.getDefaultGraph();
        RDFDataMgr.write(out, graph, format.rdfFormat);
    }
}
