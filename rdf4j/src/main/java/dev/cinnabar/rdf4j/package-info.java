/**
 * Cinnabar for Eclipse RDF4J: {@link dev.cinnabar.rdf4j.CinnabarSail}, a {@code NotifyingSail} over a Cinnabar
 * quad store, and {@link dev.cinnabar.rdf4j.CinnabarRepository}, a {@code SailRepository} over it.
 */
package dev.cinnabar.rdf4j;
