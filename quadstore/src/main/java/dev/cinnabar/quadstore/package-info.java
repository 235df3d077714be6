/**
 * The embedded RDF quad store on top of the {@code atomstore}: {@link dev.cinnabar.quadstore.QuadStore}, its
 * snapshot read transactions and one-writer write transactions, bulk loading, recovery and compaction. RDF terms
 * are in {@code dev.cinnabar.quadstore.term}, the sorted indexes in {@code .index}, parsers and writers in {@code .io}.
 */
package dev.cinnabar.quadstore;
