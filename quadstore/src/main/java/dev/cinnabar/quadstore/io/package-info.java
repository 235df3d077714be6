/**
 * Reading and writing N-Triples and N-Quads: the streaming byte-level
 * {@link dev.cinnabar.quadstore.io.NQuadsParser}, which hands each statement to a
 * {@link dev.cinnabar.quadstore.io.StatementSink} as reusable {@link dev.cinnabar.quadstore.io.ParsedTerm}
 * flyweights, the canonical {@link dev.cinnabar.quadstore.io.NQuadsWriter}, and
 * {@link dev.cinnabar.quadstore.io.RdfFiles} for opening plain and gzip-compressed files.
 */
package dev.cinnabar.quadstore.io;
