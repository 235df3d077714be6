package dev.cinnabar.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * Terms of a quad pattern as given on the command line, in N-Triples syntax: {@code <iri>}, {@code _:label},
 * {@code "lex"}, {@code "lex"@lang}, {@code "lex"@lang--rtl}, {@code "lex"^^<datatype>}, and as the object an RDF 1.2
 * triple term {@code <<( s p o )>>} of such terms (a constant: no variables inside). Absent, {@code *} or a variable
 * such as {@code ?x} means any term; as graph, {@code default} (any case) means the default graph.
 *
 * <p>A term is parsed by the project's N-Triples parser, as the object of a synthetic line, so the command line
 * accepts exactly what a loaded file may hold (escapes included).
 */
final class PatternTerms {

    private static final String PREFIX = "<urn:cinnabar:s> <urn:cinnabar:p> ";

    private PatternTerms() {
    }

    /** The subject, or null for any: an IRI or a blank node. */
    static Term subject(String text) throws CliException {
        Term term = parse("--subject", text);
        if (term instanceof Literal || term instanceof TripleTerm) {
            throw CliException.badInput("--subject " + text + ": a subject is an IRI or a blank node, not a "
                + (term instanceof Literal ? "literal" : "triple term (RDF 1.2 allows one only as the object)"));
        }
        return term;
    }

    /** The predicate, or null for any: an IRI. */
    static Term predicate(String text) throws CliException {
        Term term = parse("--predicate", text);
        if (term != null && !(term instanceof Iri)) {
            throw CliException.badInput("--predicate " + text + ": a predicate is an IRI");
        }
        return term;
    }

    /** The object, or null for any: an IRI, a blank node, a literal or a triple term. */
    static Term object(String text) throws CliException {
        return parse("--object", text);
    }

    /** The graph, or null for any: an IRI, a blank node, or {@code default} for the default graph. */
    static Term graph(String text) throws CliException {
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("default")) {
            return DefaultGraph.INSTANCE;
        }
        Term term = parse("--graph", text);
        if (term instanceof Literal || term instanceof TripleTerm) {
            throw CliException.badInput("--graph " + text + ": a graph is an IRI, a blank node or 'default', not a "
                + (term instanceof Literal ? "literal" : "triple term"));
        }
        return term;
    }

    /** The term {@code text} denotes, or null for any. */
    static Term parse(String option, String text) throws CliException {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw CliException.badInput(option + ": empty term (leave the option out, or give * for any term)");
        }
        if (trimmed.equals("*") || (trimmed.startsWith("?") && trimmed.length() > 1
            && trimmed.codePoints().skip(1).allMatch(c -> Character.isLetterOrDigit(c) || c == '_'))) {
            return null;
        }
        if (trimmed.indexOf('\n') >= 0 || trimmed.indexOf('\r') >= 0) {
            throw CliException.badInput(option + ": a term is one line");
        }
        if (!(trimmed.startsWith("<") || trimmed.startsWith("_:") || trimmed.startsWith("\""))) {
            throw CliException.badInput(option + " " + text + ": not an N-Triples term; write an IRI as <"
                + trimmed + ">, a literal as \"...\", a blank node as _:label, or * for any term");
        }
        String line = PREFIX + trimmed + " .\n";
        List<Term> terms = new ArrayList<>(1);
        try {
            new NQuadsParser(false, Math.max(1024, line.length() * 4)).parse(
                new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), option,
                (s, p, o, g) -> terms.add(o.toTerm()), SyntaxErrorHandler.STRICT);
        } catch (RdfSyntaxException e) {
            throw CliException.badInput(option + " " + text + ": not an N-Triples term: " + e.reason());
        } catch (IOException | RuntimeException e) {
            throw CliException.badInput(option + " " + text + ": not an N-Triples term: " + e.getMessage());
        }
        if (terms.size() != 1) {
            throw CliException.badInput(option + " " + text + ": give one term");
        }
        return terms.get(0);
    }

    /** The term as an option value for a command line: N-Triples syntax, or {@code default}. */
    static String format(Term term) {
        if (term == DefaultGraph.INSTANCE) {
            return "default";
        }
        return term instanceof BlankNode || term instanceof Iri || term instanceof Literal || term instanceof TripleTerm
            ? term.toString() : "*";
    }
}
