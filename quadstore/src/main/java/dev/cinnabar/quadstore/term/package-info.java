/**
 * RDF terms as immutable values ({@link dev.cinnabar.quadstore.term.Iri}, {@link dev.cinnabar.quadstore.term.BlankNode},
 * {@link dev.cinnabar.quadstore.term.Literal}, the {@link dev.cinnabar.quadstore.term.DefaultGraph}) and the
 * {@link dev.cinnabar.quadstore.term.Quad} of four of them: what the store's API takes and returns, apart from how
 * it encodes and stores them.
 */
package dev.cinnabar.quadstore.term;
