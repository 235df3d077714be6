package dev.cinnabar.quadstore.term;

import java.util.Objects;

/**
 * A blank node, identified by its label. Labels are kept exactly as given; their syntax is not checked.
 *
 * @param label the label, without {@code _:}; not null or empty
 */
public record BlankNode(String label) implements Term {

    /**
     * @throws NullPointerException     if {@code label} is null
     * @throws IllegalArgumentException if {@code label} is empty
     */
    public BlankNode {
        Objects.requireNonNull(label, "blank node label");
        if (label.isEmpty()) {
            throw new IllegalArgumentException("blank node label must not be empty");
        }
    }

    /** The blank node in N-Triples syntax: {@code _:label}. */
    @Override
    public String toString() {
        return "_:" + label;
    }
}
