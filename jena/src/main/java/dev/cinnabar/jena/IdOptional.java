package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.serializer.SerializationContext;

/**
 * OPTIONAL with a basic graph pattern on the right, on ids: the left rows a batch of up to {@value #BATCH_ROWS} at a
 * time are the input rows of the right pattern (with its filter, if any), which runs once per batch on ids
 * ({@link IdPatternJoin}, grouped by {@link InputGroups}); every solution is given out, and then every row of the
 * batch that got none, unextended. A pattern run on an input row gives exactly the row's compatible extensions, so
 * this is SPARQL's left join; the order differs from ARQ's (batch by batch), which SPARQL leaves free.
 *
 * <p>A solution is known to belong to its input row because the id-level pattern returns either the row itself
 * (it bound nothing new) or an {@link IdBinding} over it, and filters pass rows through unchanged; the caller
 * ({@code StoreOpExecutor}) uses this only where the right side is certain to run so.
 */
final class IdOptional extends LookAheadIterator {

    /** Left rows per run of the right pattern: as many as {@link InputGroups} reads ahead to group. */
    static final int BATCH_ROWS = InputGroups.MAX_GROUPED_ROWS;

    private final Function<QueryIterator, QueryIterator> right;
    private final List<Binding> batch = new ArrayList<>(BATCH_ROWS);
    /** The batch's rows by identity, to tell a row passed through from a solution over it. */
    private final Set<Binding> rows = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Binding> matched = Collections.newSetFromMap(new IdentityHashMap<>());
    private QueryIterator current;
    /** The next batch row to give out if unmatched, once the batch's solutions are done; -1 before that. */
    private int unmatched = -1;

    /** @param right the right side run over a stream of input rows */
    IdOptional(QueryIterator left, Function<QueryIterator, QueryIterator> right, ExecutionContext execCxt) {
        super(left, execCxt);
        this.right = right;
    }

    @Override
    Binding findNext() {
        while (true) {
            if (current != null) {
                if (current.hasNext()) {
                    Binding solution = current.nextBinding();
                    matched.add(rows.contains(solution) ? solution : ((IdBinding) solution).parent());
                    return solution;
                }
                current.close();
                current = null;
                unmatched = 0;
            }
            while (unmatched >= 0 && unmatched < batch.size()) {
                Binding row = batch.get(unmatched++);
                if (!matched.contains(row)) {
                    return row;
                }
            }
            batch.clear();
            rows.clear();
            matched.clear();
            unmatched = -1;
            QueryIterator left = getInput();
            while (left != null && batch.size() < BATCH_ROWS && left.hasNext()) {
                batch.add(left.nextBinding());
            }
            if (batch.isEmpty()) {
                return null;
            }
            rows.addAll(batch);
            current = right.apply(QueryIterPlainWrapper.create(batch.iterator(), getExecContext()));
        }
    }

    @Override
    protected void requestSubCancel() {
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    void release() {
        if (current != null) {
            current.close();
            current = null;
        }
        batch.clear();
        matched.clear();
        rows.clear();
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdOptional");
    }
}
