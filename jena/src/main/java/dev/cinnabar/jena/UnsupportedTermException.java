package dev.cinnabar.jena;

import org.apache.jena.shared.JenaException;

/**
 * A Jena node that a Cinnabar store cannot hold: a triple term where RDF 1.2 allows none (as a subject, a
 * predicate or a graph name) or with a literal or triple term as its subject, a generalized quad (a literal subject,
 * say), or a variable or wildcard where a concrete term is needed. The message names the node. See docs/adr/006 and
 * 012.
 */
public final class UnsupportedTermException extends JenaException {

    private static final long serialVersionUID = 1L;

    UnsupportedTermException(String message) {
        super(message);
    }
}
