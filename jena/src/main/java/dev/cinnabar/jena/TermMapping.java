package dev.cinnabar.jena;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.TextDirection;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.Quad;

/**
 * Exact conversion between Jena nodes and store terms. Nothing is normalized in either direction: lexical forms,
 * language tags, IRIs and blank node labels are copied as they are, so a node round-trips to an equal node.
 */
final class TermMapping {

    private static final String XSD_STRING = XSDDatatype.XSDstring.getURI();

    private TermMapping() {
    }

    /** Whether {@code node} is a wildcard in a find pattern: null, {@link Node#ANY} or a variable. */
    static boolean isWildcard(Node node) {
        return node == null || node == Node.ANY || node.isVariable();
    }

    /**
     * The store term of a concrete node in the graph position: {@link Quad#defaultGraphIRI} and
     * {@link Quad#defaultGraphNodeGenerated} become {@link DefaultGraph#INSTANCE}.
     *
     * @throws UnsupportedTermException for the union graph, or as {@link #toTerm}
     */
    static Term toGraphTerm(Node node) {
        if (node != null && Quad.isDefaultGraph(node)) {
            return DefaultGraph.INSTANCE;
        }
        if (node != null && Quad.isUnionGraph(node)) {
            throw new UnsupportedTermException(node + " (the union graph) is a view, not a graph the store holds");
        }
        return toTerm(node);
    }

    /**
     * The store term of a concrete node in the subject, predicate or object position.
     *
     * @throws UnsupportedTermException for a wildcard or variable (also inside a triple term), or a triple term the
     *                                   store cannot hold (one whose subject is a literal or a triple term, which
     *                                   RDF 1.2 does not allow)
     */
    static Term toTerm(Node node) {
        if (node == null) {
            throw new UnsupportedTermException("a null node has no store term");
        }
        if (node.isURI()) {
            return new Iri(node.getURI());
        }
        if (node.isBlank()) {
            return new BlankNode(node.getBlankNodeLabel());
        }
        if (node.isLiteral()) {
            String lexical = node.getLiteralLexicalForm();
            String language = node.getLiteralLanguage();
            TextDirection direction = node.getLiteralBaseDirection();
            if (direction != null && language != null && !language.isEmpty()) {
                return Literal.dirLang(lexical, language,
                    direction == TextDirection.LTR ? Literal.Direction.LTR : Literal.Direction.RTL);
            }
            if (language != null && !language.isEmpty()) {
                return Literal.lang(lexical, language);
            }
            String datatype = node.getLiteralDatatypeURI();
            return datatype == null || datatype.equals(XSD_STRING) ? Literal.of(lexical)
                : Literal.typed(lexical, new Iri(datatype));
        }
        if (node.isTripleTerm()) {
            return toTripleTerm(node);
        }
        throw new UnsupportedTermException("the node " + node + " is not a concrete RDF term");
    }

    /**
     * A triple term node: a nesting is a chain through the objects, mapped from its innermost level out in a loop
     * (no recursion per level). A subject or predicate that is itself a triple term is refused by the store's
     * {@link TripleTerm}, which RDF 1.2 has only as objects.
     */
    private static Term toTripleTerm(Node node) {
        List<Triple> levels = new ArrayList<>();
        Node n = node;
        for (; n.isTripleTerm(); n = n.getTriple().getObject()) {
            levels.add(n.getTriple());
        }
        Term object = toTerm(n);
        for (int i = levels.size() - 1; i >= 0; i--) {
            Triple triple = levels.get(i);
            if (triple.getSubject().isTripleTerm()) {
                throw new UnsupportedTermException("the triple term " + abbreviated(node) + " is not an RDF 1.2"
                    + " triple term: a triple term's subject cannot be a triple term");
            }
            Term subject = toTerm(triple.getSubject());
            Term predicate = toTerm(triple.getPredicate());
            if (!(predicate instanceof Iri)) {
                throw new UnsupportedTermException("the triple term " + abbreviated(node)
                    + " has a predicate that is not an IRI");
            }
            try {
                object = new TripleTerm(subject, (Iri) predicate, object);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedTermException("the triple term " + abbreviated(node) + " is not an RDF 1.2"
                    + " triple term: " + e.getMessage());
            }
        }
        return object;
    }

    /** A node's text for an error message, cut short: a deep triple term's would be megabytes. */
    private static String abbreviated(Node node) {
        String text = node.isTripleTerm() && node.getTriple().getObject().isTripleTerm()
            ? "<<( " + node.getTriple().getSubject() + " " + node.getTriple().getPredicate() + " <<( ... )>> )>>"
            : String.valueOf(node);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * The store term of a pattern node, or null when the node can never be in the store (a triple term the store
     * cannot hold, the union graph): such a pattern matches nothing. Wildcards, and triple terms with variables
     * inside ({@link #isTripleTermPattern}), must be handled first.
     */
    static Term toPatternTerm(Node node, boolean graphPosition) {
        try {
            return graphPosition ? toGraphTerm(node) : toTerm(node);
        } catch (UnsupportedTermException e) {
            return null;
        }
    }

    /**
     * Whether {@code node} is a triple term with a variable (or a wildcard) somewhere inside, such as
     * {@code <<( ?s :p ?o )>>}: a pattern that matches many triple terms, which no one id stands for.
     */
    static boolean isTripleTermPattern(Node node) {
        return node != null && node.isTripleTerm() && !node.isConcrete();
    }

    /**
     * Whether the concrete {@code node} matches {@code pattern}, in which a wildcard or a variable (also inside a
     * triple term) matches any node, as in a find pattern: a variable that occurs twice is not required to match
     * the same node twice (ARQ, which binds variables, checks that). A loop down the chain of objects.
     */
    static boolean matches(Node pattern, Node node) {
        Node p = pattern;
        Node n = node;
        while (!isWildcard(p) && p.isTripleTerm()) {
            if (!n.isTripleTerm()) {
                return false;
            }
            Triple pt = p.getTriple();
            Triple t = n.getTriple();
            if (!matchesLeaf(pt.getSubject(), t.getSubject()) || !matchesLeaf(pt.getPredicate(), t.getPredicate())) {
                return false;
            }
            p = pt.getObject();
            n = t.getObject();
        }
        return isWildcard(p) || p.sameTermAs(n);
    }

    /** {@link #matches} for a subject or predicate (so one level only: RDF 1.2 nests only through objects). */
    private static boolean matchesLeaf(Node pattern, Node node) {
        return isWildcard(pattern) || !pattern.isTripleTerm() && pattern.sameTermAs(node)
            || pattern.isTripleTerm() && node.isTripleTerm() && matches(pattern, node);
    }

    /**
     * Whether the store {@code term} matches {@code pattern}, as {@link #matches(Node, Node)} but without making
     * Jena nodes of the store's terms: for deleting by a triple term pattern. A loop down the chain of objects.
     */
    static boolean matches(Node pattern, Term term) {
        Node p = pattern;
        Term t = term;
        while (!isWildcard(p) && p.isTripleTerm()) {
            if (!(t instanceof TripleTerm triple)) {
                return false;
            }
            Triple pt = p.getTriple();
            if (!matchesLeaf(pt.getSubject(), triple.subject()) || !matchesLeaf(pt.getPredicate(), triple.predicate())) {
                return false;
            }
            p = pt.getObject();
            t = triple.object();
        }
        return matchesLeaf(p, t);
    }

    /** A subject, predicate or innermost object: never a triple term in the store, so a triple term pattern fails. */
    private static boolean matchesLeaf(Node pattern, Term term) {
        if (isWildcard(pattern)) {
            return true;
        }
        return !pattern.isTripleTerm() && term.equals(toPatternTerm(pattern, false));
    }

    /** The Jena node of a store term; the default graph becomes {@link Quad#defaultGraphIRI}. */
    static Node toNode(Term term) {
        if (term instanceof Iri) {
            return NodeFactory.createURI(((Iri) term).value());
        }
        if (term instanceof BlankNode) {
            return NodeFactory.createBlankNode(((BlankNode) term).label());
        }
        if (term instanceof Literal) {
            Literal literal = (Literal) term;
            if (literal.direction() != null) {
                return NodeFactory.createLiteralDirLang(literal.lexicalForm(), literal.language(),
                    literal.direction() == Literal.Direction.LTR ? TextDirection.LTR : TextDirection.RTL);
            }
            if (literal.hasLanguage()) {
                return NodeFactory.createLiteralLang(literal.lexicalForm(), literal.language());
            }
            String datatype = literal.datatype().value();
            if (datatype.equals(XSD_STRING)) {
                return NodeFactory.createLiteralString(literal.lexicalForm());
            }
            RDFDatatype type = TypeMapper.getInstance().getSafeTypeByName(datatype);
            return NodeFactory.createLiteralDT(literal.lexicalForm(), type);
        }
        if (term instanceof TripleTerm triple) {
            // from the innermost level out, in a loop: no recursion per level here (Jena's own Node_Triple is
            // recursive in equals and hashCode, which limits the depth Jena itself can use; see ADR-006)
            TripleTerm[] levels = new TripleTerm[triple.depth()];
            Term t = triple;
            for (int i = 0; t instanceof TripleTerm level; i++) {
                levels[i] = level;
                t = level.object();
            }
            Node object = toNode(t);
            for (int i = levels.length - 1; i >= 0; i--) {
                object = NodeFactory.createTripleTerm(toNode(levels[i].subject()), toNode(levels[i].predicate()),
                    object);
            }
            return object;
        }
        if (term instanceof DefaultGraph) {
            return Quad.defaultGraphIRI;
        }
        throw new IllegalArgumentException("unknown term kind: " + term);
    }
}
