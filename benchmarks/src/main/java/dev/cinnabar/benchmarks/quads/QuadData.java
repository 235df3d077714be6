package dev.cinnabar.benchmarks.quads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;

import dev.cinnabar.benchmarks.SharedData;

/**
 * The neutral form of a data set: its distinct quads as Jena {@link Node}s, held once, in file order. Quad
 * {@code i} is {@code (g[i], s[i], p[i], o[i])}; every store converts these once, before timing, into its own term
 * objects (see {@link #convert}). The data sets are N-Triples, so every graph is {@link Quad#defaultGraphIRI}
 * ({@link #isDefaultGraph}).
 *
 * <p>Parsing is lenient where the data's SOURCE.md says it has warts:
 * <ul>
 *   <li>Duplicate lines are dropped (counted): each store is then loaded with distinct quads, so every store's
 *       {@code countAll()} must equal {@link #size()}.</li>
 *   <li>A triple with a relative IRI (LUBM's {@code <>} subject) is skipped and counted. Jena's N-Triples parser
 *       accepts {@code <>} silently as the IRI {@code ""}, but RDF4J's value factory rejects it and a strict
 *       N-Triples parser must, so it is checked here: an IRI must start with a scheme.</li>
 *   <li>A syntax error skips that line only (counted, the first few messages kept): the file is parsed in chunks
 *       of {@value #CHUNK_LINES} lines, and a chunk that fails is parsed again line by line. Blank node labels are
 *       kept as given, so a label means the same node across chunks (one document scope per file).</li>
 * </ul>
 */
public final class QuadData {

    static final int CHUNK_LINES = 20_000;
    private static final int KEPT_MESSAGES = 5;
    /** RFC 3987 scheme followed by ':'. */
    private static final Pattern ABSOLUTE_IRI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);

    private final String name;
    private final Node[] g;
    private final Node[] s;
    private final Node[] p;
    private final Node[] o;
    private final long lines;
    private final long duplicates;
    private final Map<String, Long> skipped;
    private final List<String> skipMessages;
    private final int distinctTerms;
    private final double parseSeconds;

    private QuadData(String name, List<Node[]> quads, long lines, long duplicates, Map<String, Long> skipped,
                     List<String> skipMessages, double parseSeconds) {
        this.name = name;
        int n = quads.size();
        this.g = new Node[n];
        this.s = new Node[n];
        this.p = new Node[n];
        this.o = new Node[n];
        Set<Node> terms = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Node[] q = quads.get(i);
            g[i] = q[0];
            s[i] = q[1];
            p[i] = q[2];
            o[i] = q[3];
            terms.add(q[1]);
            terms.add(q[2]);
            terms.add(q[3]);
            if (!Quad.isDefaultGraph(q[0])) {
                terms.add(q[0]);
            }
        }
        this.distinctTerms = terms.size();
        this.lines = lines;
        this.duplicates = duplicates;
        this.skipped = skipped;
        this.skipMessages = skipMessages;
        this.parseSeconds = parseSeconds;
    }

    /** Parses a named data set ({@code lubm10}, {@code bsbm-1m}, ...) found through {@link SharedData}. */
    public static QuadData load(String dataset) throws IOException {
        return parse(dataset, SharedData.dataset(dataset));
    }

    /** Parses a gzipped N-Triples file leniently (see the class comment). */
    public static QuadData parse(String name, Path ntGz) throws IOException {
        long start = System.nanoTime();
        Collector collector = new Collector();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ntGz), 1 << 16);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            List<String> chunk = new ArrayList<>(CHUNK_LINES);
            long firstLine = 1;
            String line;
            while ((line = reader.readLine()) != null) {
                collector.lines++;
                chunk.add(line);
                if (chunk.size() == CHUNK_LINES) {
                    collector.parseChunk(chunk, firstLine);
                    firstLine += chunk.size();
                    chunk.clear();
                }
            }
            collector.parseChunk(chunk, firstLine);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new QuadData(name, collector.quads, collector.lines, collector.duplicates, collector.skipped,
            collector.messages, seconds);
    }

    /** Accumulates quads across chunks; one label scope and one duplicate filter for the whole file. */
    private static final class Collector {
        final List<Node[]> quads = new ArrayList<>();
        final Set<Triple> seen = new HashSet<>();
        final LabelToNode labels = LabelToNode.createUseLabelAsGiven();
        final Map<String, Long> skipped = new LinkedHashMap<>();
        final List<String> messages = new ArrayList<>();
        long lines;
        long duplicates;

        void parseChunk(List<String> chunk, long firstLine) {
            if (chunk.isEmpty()) {
                return;
            }
            List<Triple> parsed = new ArrayList<>(chunk.size());
            try {
                parseInto(String.join("\n", chunk), parsed);
            } catch (RiotException e) {
                // Some line of this chunk is bad: parse it again line by line, skipping the bad ones.
                parsed.clear();
                for (int k = 0; k < chunk.size(); k++) {
                    List<Triple> one = new ArrayList<>(1);
                    try {
                        parseInto(chunk.get(k), one);
                        parsed.addAll(one);
                    } catch (RiotException bad) {
                        skip("syntax error", "line " + (firstLine + k) + ": " + bad.getMessage());
                    }
                }
            }
            for (Triple t : parsed) {
                String relative = relativeIri(t);
                if (relative != null) {
                    skip("relative IRI", "relative IRI <" + relative + "> in " + t);
                    continue;
                }
                if (!seen.add(t)) {
                    duplicates++;
                    continue;
                }
                quads.add(new Node[] {Quad.defaultGraphIRI, t.getSubject(), t.getPredicate(), t.getObject()});
            }
        }

        void parseInto(String text, List<Triple> out) {
            RDFParser.fromString(text, Lang.NTRIPLES)
                .labelToNode(labels)
                .errorHandler(STRICT_ERRORS)
                .parse(new StreamRDFBase() {
                    @Override
                    public void triple(Triple triple) {
                        out.add(triple);
                    }
                });
        }

        void skip(String reason, String message) {
            skipped.merge(reason, 1L, Long::sum);
            if (messages.size() < KEPT_MESSAGES) {
                messages.add(message);
            }
        }
    }

    /** Warnings are ignored (lenient); errors and fatal errors throw, so the line is skipped. */
    private static final ErrorHandler STRICT_ERRORS = new ErrorHandler() {
        @Override
        public void warning(String message, long line, long col) {
        }

        @Override
        public void error(String message, long line, long col) {
            throw new RiotException(message);
        }

        @Override
        public void fatal(String message, long line, long col) {
            throw new RiotException(message);
        }
    };

    private static String relativeIri(Triple t) {
        for (Node n : new Node[] {t.getSubject(), t.getPredicate(), t.getObject()}) {
            if (n.isURI() && !ABSOLUTE_IRI.matcher(n.getURI()).matches()) {
                return n.getURI();
            }
        }
        return null;
    }

    /** Maps Jena terms to a store's own term objects. */
    public interface TermConverter<T> {
        /** The store's default graph (may be {@code null}, as in RDF4J). */
        T defaultGraph();

        T iri(String iri);

        T blankNode(String label);

        /**
         * A literal. {@code datatype} is always set (RDF 1.1: {@code xsd:string} for a simple literal,
         * {@code rdf:langString} for a language-tagged one); {@code lang} is {@code ""} unless tagged.
         */
        T literal(String lexical, String datatype, String lang);
    }

    /** One data set in a store's own term objects, index-aligned with the neutral quads. */
    public record Converted<T>(T[] g, T[] s, T[] p, T[] o) {
    }

    /**
     * Converts every quad's terms once. Equal terms become the same object (a converter is called once per distinct
     * term), as a parser with a term cache would give them.
     */
    public <T> Converted<T> convert(TermConverter<T> converter, IntFunction<T[]> newArray) {
        Map<Node, T> cache = new HashMap<>(distinctTerms * 2);
        T defaultGraph = converter.defaultGraph();
        int n = size();
        T[] cg = newArray.apply(n);
        T[] cs = newArray.apply(n);
        T[] cp = newArray.apply(n);
        T[] co = newArray.apply(n);
        for (int i = 0; i < n; i++) {
            cg[i] = Quad.isDefaultGraph(g[i]) ? defaultGraph : cache.computeIfAbsent(g[i], k -> toTerm(converter, k));
            cs[i] = cache.computeIfAbsent(s[i], k -> toTerm(converter, k));
            cp[i] = cache.computeIfAbsent(p[i], k -> toTerm(converter, k));
            co[i] = cache.computeIfAbsent(o[i], k -> toTerm(converter, k));
        }
        return new Converted<>(cg, cs, cp, co);
    }

    private static <T> T toTerm(TermConverter<T> converter, Node node) {
        if (node.isURI()) {
            return converter.iri(node.getURI());
        }
        if (node.isBlank()) {
            return converter.blankNode(node.getBlankNodeLabel());
        }
        if (node.isLiteral()) {
            String lang = node.getLiteralLanguage();
            return converter.literal(node.getLiteralLexicalForm(), node.getLiteralDatatypeURI(),
                lang == null ? "" : lang);
        }
        throw new IllegalArgumentException("not an RDF 1.1 term: " + node);
    }

    public String name() {
        return name;
    }

    /** Number of distinct quads. */
    public int size() {
        return s.length;
    }

    public Node g(int i) {
        return g[i];
    }

    public Node s(int i) {
        return s[i];
    }

    public Node p(int i) {
        return p[i];
    }

    public Node o(int i) {
        return o[i];
    }

    public boolean isDefaultGraph(int i) {
        return Quad.isDefaultGraph(g[i]);
    }

    /** Lines read from the file. */
    public long lines() {
        return lines;
    }

    /** Duplicate triples dropped. */
    public long duplicates() {
        return duplicates;
    }

    /** Lines (or triples) skipped, per reason. */
    public Map<String, Long> skipped() {
        return skipped;
    }

    /** The first few skip messages. */
    public List<String> skipMessages() {
        return skipMessages;
    }

    /** Distinct RDF terms (the default graph not counted). */
    public int distinctTerms() {
        return distinctTerms;
    }

    public double parseSeconds() {
        return parseSeconds;
    }
}
