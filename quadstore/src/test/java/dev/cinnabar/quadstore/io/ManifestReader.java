package dev.cinnabar.quadstore.io;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads W3C test manifests ({@code manifest.ttl}) with a tiny Turtle reader: just the subset these manifests use
 * (prefixes, IRIs, prefixed names, {@code a}, {@code ;} and {@code ,}, collections, {@code [...]} blank nodes, and
 * string literals with a language or datatype, which it reads only to skip them). Follows {@code mf:include}.
 */
final class ManifestReader {

    static final String MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    static final String RDFT = "http://www.w3.org/ns/rdftest#";
    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /** One test of a manifest. */
    record Entry(String manifest, String iri, String name, String type, Path action, Path result) {
        /** The local name of the test type, such as {@code TestNTriplesPositiveSyntax}. */
        String typeName() {
            return type.startsWith(RDFT) ? type.substring(RDFT.length()) : type;
        }

        /** The short test id: the fragment or last path part of its IRI. */
        String id() {
            int cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
            return iri.substring(cut + 1);
        }
    }

    /** One manifest: its entries in order, and its included manifests. */
    record Manifest(Path file, String label, List<Entry> entries, List<Manifest> includes) {
        /** All entries of this manifest and, recursively, of its includes (includes first, in order). */
        List<Entry> allEntries() {
            List<Entry> all = new ArrayList<>();
            for (Manifest m : includes) {
                all.addAll(m.allEntries());
            }
            all.addAll(entries);
            return all;
        }
    }

    private ManifestReader() {
    }

    static Manifest read(Path file) throws IOException {
        return read(file.toAbsolutePath().normalize(), new LinkedHashSet<>());
    }

    private static Manifest read(Path file, Set<Path> visiting) throws IOException {
        if (!visiting.add(file)) {
            throw new IOException("manifest include cycle at " + file);
        }
        Graph g = new TurtleSubset(Files.readString(file, StandardCharsets.UTF_8), file.toUri().toString()).parse();
        String manifest = g.subjectWith(RDF + "type", MF + "Manifest");
        if (manifest == null) {
            throw new IOException(file + " has no mf:Manifest");
        }
        List<Manifest> includes = new ArrayList<>();
        for (String list : g.objects(manifest, MF + "include")) {
            for (String inc : g.list(list)) {
                includes.add(read(toPath(inc), visiting));
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String list : g.objects(manifest, MF + "entries")) {
            for (String e : g.list(list)) {
                String type = g.object(e, RDF + "type");
                String name = g.object(e, MF + "name");
                String action = g.object(e, MF + "action");
                String result = g.object(e, MF + "result");
                if (type == null || action == null) {
                    throw new IOException(file + ": entry " + e + " has no rdf:type or mf:action");
                }
                entries.add(new Entry(file.toString(), strip(e), name == null ? strip(e) : unquote(name), strip(type),
                    toPath(action), result == null ? null : toPath(result)));
            }
        }
        String label = g.object(manifest, "http://www.w3.org/2000/01/rdf-schema#label");
        visiting.remove(file);
        return new Manifest(file, label == null ? file.toString() : unquote(label), entries, includes);
    }

    private static Path toPath(String iriNode) {
        return Paths.get(URI.create(strip(iriNode)));
    }

    /** {@code <iri>} to {@code iri}. */
    private static String strip(String node) {
        return node.startsWith("<") ? node.substring(1, node.length() - 1) : node;
    }

    /** The lexical form of a literal node {@code "..."...}. */
    private static String unquote(String node) {
        int end = node.lastIndexOf('"');
        return node.substring(1, end);
    }

    /** Triples, nodes as strings: {@code <iri>}, {@code _:bN} or {@code "lexical"@lang / ^^<dt>}. */
    static final class Graph {
        final Map<String, Map<String, List<String>>> bySubject = new LinkedHashMap<>();

        void add(String s, String p, String o) {
            bySubject.computeIfAbsent(s, k -> new LinkedHashMap<>()).computeIfAbsent(p, k -> new ArrayList<>()).add(o);
        }

        List<String> objects(String s, String p) {
            return bySubject.getOrDefault(s, Map.of()).getOrDefault("<" + p + ">", List.of());
        }

        String object(String s, String p) {
            List<String> o = objects(s, p);
            return o.isEmpty() ? null : o.get(0);
        }

        String subjectWith(String p, String o) {
            for (Map.Entry<String, Map<String, List<String>>> e : bySubject.entrySet()) {
                if (e.getValue().getOrDefault("<" + p + ">", List.of()).contains("<" + o + ">")) {
                    return e.getKey();
                }
            }
            return null;
        }

        List<String> list(String head) {
            List<String> items = new ArrayList<>();
            String node = head;
            while (!node.equals("<" + RDF + "nil>")) {
                items.add(object(node, RDF + "first"));
                node = object(node, RDF + "rest");
                if (node == null) {
                    throw new IllegalStateException("broken collection at " + head);
                }
            }
            return items;
        }
    }

    /** The Turtle subset reader. */
    private static final class TurtleSubset {
        private final String s;
        private final String base;
        private final Map<String, String> prefixes = new HashMap<>();
        private final Graph g = new Graph();
        private int p;
        private int blank;

        TurtleSubset(String text, String base) {
            this.s = text;
            this.base = base;
        }

        Graph parse() {
            while (true) {
                skip();
                if (p >= s.length()) {
                    return g;
                }
                if (s.startsWith("@prefix", p) || startsWithWord("PREFIX")) {
                    boolean at = s.charAt(p) == '@';
                    p += 7 - (at ? 0 : 1);
                    skip();
                    int colon = s.indexOf(':', p);
                    String prefix = s.substring(p, colon).trim();
                    p = colon + 1;
                    skip();
                    prefixes.put(prefix, strip(iri()));
                    skip();
                    if (at) {
                        expect('.');
                    }
                } else if (s.startsWith("@base", p) || startsWithWord("BASE")) {
                    throw error("@base is not supported by this manifest reader");
                } else {
                    String subject = subject();
                    skip();
                    if (s.charAt(p) != '.') {
                        predicateObjects(subject);
                    }
                    skip();
                    expect('.');
                }
            }
        }

        private boolean startsWithWord(String w) {
            return s.regionMatches(true, p, w, 0, w.length()) && p + w.length() < s.length()
                && Character.isWhitespace(s.charAt(p + w.length()));
        }

        private String subject() {
            char c = s.charAt(p);
            if (c == '[') {
                return blankNode();
            }
            if (c == '(') {
                return collection();
            }
            return iriOrName();
        }

        private void predicateObjects(String subject) {
            while (true) {
                skip();
                String predicate;
                if (s.charAt(p) == 'a' && (Character.isWhitespace(s.charAt(p + 1)))) {
                    p++;
                    predicate = "<" + RDF + "type>";
                } else {
                    predicate = iriOrName();
                }
                while (true) {
                    skip();
                    g.add(subject, predicate, object());
                    skip();
                    if (s.charAt(p) == ',') {
                        p++;
                        continue;
                    }
                    break;
                }
                if (s.charAt(p) == ';') {
                    while (s.charAt(p) == ';') {
                        p++;
                        skip();
                    }
                    char c = s.charAt(p);
                    if (c == '.' || c == ']') {
                        return;
                    }
                    continue;
                }
                return;
            }
        }

        private String object() {
            char c = s.charAt(p);
            if (c == '[') {
                return blankNode();
            }
            if (c == '(') {
                return collection();
            }
            if (c == '"' || c == '\'') {
                return literal();
            }
            return iriOrName();
        }

        private String blankNode() {
            expect('[');
            String node = "_:b" + (blank++);
            skip();
            if (s.charAt(p) != ']') {
                predicateObjects(node);
                skip();
            }
            expect(']');
            return node;
        }

        private String collection() {
            expect('(');
            List<String> items = new ArrayList<>();
            while (true) {
                skip();
                if (s.charAt(p) == ')') {
                    p++;
                    break;
                }
                items.add(object());
            }
            String rest = "<" + RDF + "nil>";
            for (int i = items.size() - 1; i >= 0; i--) {
                String node = "_:b" + (blank++);
                g.add(node, "<" + RDF + "first>", items.get(i));
                g.add(node, "<" + RDF + "rest>", rest);
                rest = node;
            }
            return rest;
        }

        private String literal() {
            char q = s.charAt(p);
            String lexical;
            if (s.startsWith("" + q + q + q, p)) {
                int end = s.indexOf("" + q + q + q, p + 3);
                lexical = s.substring(p + 3, end);
                p = end + 3;
            } else {
                StringBuilder b = new StringBuilder();
                p++;
                while (s.charAt(p) != q) {
                    char c = s.charAt(p++);
                    if (c == '\\') {
                        char e = s.charAt(p++);
                        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else {
                        b.append(c);
                    }
                }
                p++;
                lexical = b.toString();
            }
            String node = "\"" + lexical + "\"";
            if (p < s.length() && s.charAt(p) == '@') {
                int start = p;
                p++;
                while (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '-') {
                    p++;
                }
                node += s.substring(start, p);
            } else if (s.startsWith("^^", p)) {
                p += 2;
                node += "^^" + iriOrName();
            }
            return node;
        }

        private String iriOrName() {
            if (s.charAt(p) == '<') {
                return iri();
            }
            int start = p;
            while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || "_-.:%".indexOf(s.charAt(p)) >= 0)) {
                p++;
            }
            while (s.charAt(p - 1) == '.') {
                p--;
            }
            String name = s.substring(start, p);
            int colon = name.indexOf(':');
            if (colon < 0) {
                throw error("expected an IRI or a prefixed name, found '" + name + "'");
            }
            String ns = prefixes.get(name.substring(0, colon));
            if (ns == null) {
                throw error("unknown prefix in " + name);
            }
            return "<" + ns + name.substring(colon + 1) + ">";
        }

        private String iri() {
            expect('<');
            int end = s.indexOf('>', p);
            String ref = s.substring(p, end);
            p = end + 1;
            return "<" + resolve(ref) + ">";
        }

        private String resolve(String ref) {
            int hash = base.indexOf('#');
            String doc = hash < 0 ? base : base.substring(0, hash);
            if (ref.isEmpty()) {
                return doc;
            }
            if (ref.startsWith("#")) {
                return doc + ref;
            }
            return URI.create(doc).resolve(ref).toString();
        }

        private void skip() {
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == '#') {
                    while (p < s.length() && s.charAt(p) != '\n') {
                        p++;
                    }
                } else if (Character.isWhitespace(c)) {
                    p++;
                } else {
                    return;
                }
            }
        }

        private void expect(char c) {
            if (p >= s.length() || s.charAt(p) != c) {
                throw error("expected '" + c + "'");
            }
            p++;
        }

        private IllegalStateException error(String message) {
            int line = 1;
            for (int i = 0; i < p && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
            return new IllegalStateException(base + ":" + line + ": " + message);
        }
    }
}
