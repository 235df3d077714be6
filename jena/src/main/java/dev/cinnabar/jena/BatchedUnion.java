package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpUnion;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIter1;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.serializer.SerializationContext;

/**
 * A UNION of basic graph patterns evaluated a batch of input rows at a time: each branch runs once per batch of up
 * to {@value #BATCH_ROWS} input bindings ({@link IdPatternJoin} takes a stream of inputs), where ARQ's
 * {@code QueryIterUnion} dispatches every branch again for every input row. LUBM-style type checks after a join
 * ({@code ?x ... . { ?x a A } UNION { ?x a B } ...}) are the case: one executor, one join order and one
 * iterator per branch per batch instead of per row.
 *
 * <p>Only branches that are basic graph patterns qualify ({@link #branches}): evaluating such a pattern over a
 * stream of inputs gives exactly the concatenation of its evaluations per input. Operators that look across their
 * input (DISTINCT, LIMIT, GROUP BY, ORDER BY, sub-selects) would not, so a union with any other branch stays ARQ's.
 * The solutions are the same multiset as ARQ's, in another order (branch by branch within a batch), which SPARQL
 * leaves free without ORDER BY.
 */
final class BatchedUnion extends QueryIter1 {

    /** Input rows per batch: large enough to amortize a branch's start, small enough to keep rows streaming. */
    static final int BATCH_ROWS = 256;

    private final List<Op> branches;
    private final List<Binding> batch = new ArrayList<>(BATCH_ROWS);
    private int branch;
    private QueryIterator current;

    private BatchedUnion(QueryIterator input, List<Op> branches, ExecutionContext execCxt) {
        super(input, execCxt);
        this.branches = branches;
    }

    /** The union's branches if every one is a non-empty basic graph pattern, else null. */
    static List<Op> branches(OpUnion union) {
        List<Op> flat = new ArrayList<>();
        if (!flatten(union, flat)) {
            return null;
        }
        return flat;
    }

    private static boolean flatten(Op op, List<Op> into) {
        if (op instanceof OpUnion union) {
            return flatten(union.getLeft(), into) && flatten(union.getRight(), into);
        }
        if (op instanceof OpBGP bgp && !bgp.getPattern().isEmpty() && IdPatternJoin.onIds(bgp.getPattern())) {
            into.add(op);
            return true;
        }
        return false;
    }

    static QueryIterator create(QueryIterator input, List<Op> branches, ExecutionContext execCxt) {
        return new BatchedUnion(input, branches, execCxt);
    }

    @Override
    protected boolean hasNextBinding() {
        while (true) {
            if (current != null) {
                if (current.hasNext()) {
                    return true;
                }
                current.close();
                current = null;
            }
            if (!batch.isEmpty() && branch < branches.size()) {
                current = QC.execute(branches.get(branch++), QueryIterPlainWrapper.create(batch.iterator(),
                    getExecContext()), getExecContext());
                continue;
            }
            batch.clear();
            branch = 0;
            QueryIterator input = getInput();
            while (input != null && batch.size() < BATCH_ROWS && input.hasNext()) {
                batch.add(input.nextBinding());
            }
            if (batch.isEmpty()) {
                return false;
            }
        }
    }

    @Override
    protected Binding moveToNextBinding() {
        if (!hasNextBinding()) {
            throw new java.util.NoSuchElementException();
        }
        return current.nextBinding();
    }

    @Override
    protected void requestSubCancel() {
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    protected void closeSubIterator() {
        if (current != null) {
            current.close();
            current = null;
        }
        batch.clear();
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("BatchedUnion " + branches.size() + " branches");
    }
}
