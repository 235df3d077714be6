/**
 * The embedded RDF quad store on top of the {@code atomstore}: terms, quads, transactions and indexes.
 * Empty until the QuadStore issue; the module exists so that the build and its layering are in place.
 */
package dev.cinnabar.quadstore;
