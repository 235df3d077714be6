package dev.cinnabar.jena;

import java.util.NoSuchElementException;

import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIter1;

/**
 * A {@link QueryIter1} whose subclass finds its next solution in one method ({@link #findNext}): ARQ asks
 * {@code hasNext} before {@code next}, and finding a solution is the whole cost, so the one found is held until it
 * is taken rather than searched for twice.
 */
abstract class LookAheadIterator extends QueryIter1 {

    private Binding next;

    LookAheadIterator(QueryIterator input, ExecutionContext execCxt) {
        super(input, execCxt);
    }

    /** The next solution, or null if there is none; called again only after the last one was taken. */
    abstract Binding findNext();

    /** Releases the subclass's own state when the iterator closes; the held solution is dropped here. */
    void release() {
    }

    @Override
    protected final boolean hasNextBinding() {
        if (next == null) {
            next = findNext();
        }
        return next != null;
    }

    @Override
    protected final Binding moveToNextBinding() {
        if (!hasNextBinding()) {
            throw new NoSuchElementException();
        }
        Binding b = next;
        next = null;
        return b;
    }

    @Override
    protected final void closeSubIterator() {
        next = null;
        release();
    }
}
