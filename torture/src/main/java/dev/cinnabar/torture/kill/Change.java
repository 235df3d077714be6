package dev.cinnabar.torture.kill;

import java.util.Set;

import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * One change of a write transaction of the kill workload: add a quad, remove a quad, or remove every quad matching a
 * pattern (a null position matches any term).
 */
record Change(Kind kind, Quad quad, Term[] pattern) {

    enum Kind { ADD, REMOVE, REMOVE_ALL }

    static Change add(Quad quad) {
        return new Change(Kind.ADD, quad, null);
    }

    static Change remove(Quad quad) {
        return new Change(Kind.REMOVE, quad, null);
    }

    static Change removeAll(Term graph, Term subject, Term predicate, Term object) {
        return new Change(Kind.REMOVE_ALL, null, new Term[] {graph, subject, predicate, object});
    }

    /** What this change does to a model of the store's quads. */
    void applyTo(Set<Quad> quads) {
        switch (kind) {
            case ADD -> quads.add(quad);
            case REMOVE -> quads.remove(quad);
            case REMOVE_ALL -> quads.removeIf(this::matches);
        }
    }

    boolean matches(Quad candidate) {
        return (pattern[0] == null || pattern[0].equals(candidate.graph()))
            && (pattern[1] == null || pattern[1].equals(candidate.subject()))
            && (pattern[2] == null || pattern[2].equals(candidate.predicate()))
            && (pattern[3] == null || pattern[3].equals(candidate.object()));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ADD -> "add " + quad;
            case REMOVE -> "remove " + quad;
            case REMOVE_ALL -> "removeAll " + java.util.Arrays.toString(pattern);
        };
    }
}
