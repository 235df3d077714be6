package dev.cinnabar.jena;

import org.apache.jena.shared.JenaException;

/**
 * A Jena node that a Cinnabar store cannot hold: an RDF 1.2 triple term, a literal with a base direction, or a
 * variable or wildcard where a concrete term is needed. The message names the node. See docs/adr/006 and 012.
 */
public final class UnsupportedTermException extends JenaException {

    private static final long serialVersionUID = 1L;

    UnsupportedTermException(String message) {
        super(message);
    }
}
