package dev.cinnabar.jena;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
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
     * @throws UnsupportedTermException for a triple term, a literal with a base direction, or a wildcard or variable
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
            if (node.getLiteralBaseDirection() != null) {
                throw new UnsupportedTermException("the literal " + node + " has a base direction (RDF 1.2),"
                    + " which the Cinnabar store does not support (ADR-006)");
            }
            String lexical = node.getLiteralLexicalForm();
            String language = node.getLiteralLanguage();
            if (language != null && !language.isEmpty()) {
                return Literal.lang(lexical, language);
            }
            String datatype = node.getLiteralDatatypeURI();
            return datatype == null || datatype.equals(XSD_STRING) ? Literal.of(lexical)
                : Literal.typed(lexical, new Iri(datatype));
        }
        if (node.isTripleTerm()) {
            throw new UnsupportedTermException("the triple term " + node + " (RDF 1.2) is not supported by the"
                + " Cinnabar store (ADR-006)");
        }
        throw new UnsupportedTermException("the node " + node + " is not a concrete RDF term");
    }

    /**
     * The store term of a pattern node, or null when the node can never be in the store (a triple term, a literal
     * with a base direction, the union graph): such a pattern matches nothing. Wildcards must be handled first.
     */
    static Term toPatternTerm(Node node, boolean graphPosition) {
        try {
            return graphPosition ? toGraphTerm(node) : toTerm(node);
        } catch (UnsupportedTermException e) {
            return null;
        }
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
        if (term instanceof DefaultGraph) {
            return Quad.defaultGraphIRI;
        }
        throw new IllegalArgumentException("unknown term kind: " + term);
    }
}
