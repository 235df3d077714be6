package dev.cinnabar.jena;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.collections.LongHashSet;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.serializer.SerializationContext;

import dev.cinnabar.quadstore.QuadStore;

/**
 * {@code DISTINCT} over a projection, on atom ids: a solution is kept if the tuple of its projected variables' ids
 * was not seen before, so no term is decoded or hashed as a string (ARQ's {@code QueryIterDistinct} hashes every
 * decoded node of every row). A term is one atom id and an atom id one term, so equal tuples are exactly equal
 * solutions. A value the store does not hold (computed by BIND, or a VALUES constant never stored) gets a
 * negative id of its own for the run, so it is still compared as a term.
 *
 * <p>Kept solutions come out projected: as an {@link IdBinding} of the projected variables when every value is a
 * stored atom, else as a plain binding of their nodes.
 */
final class IdDistinct extends LookAheadIterator {

    private final TxnIds scope;
    private final Var[] vars;
    private final LongHashSet seenSingle;
    private final Set<IdTuple> seenTuples;
    /** Values the store does not hold, by node: -2, -3, ... (-1 is {@link QuadStore#NO_ID}). */
    private final Map<Node, Long> unstored = new HashMap<>();
    private final long[] ids;

    IdDistinct(QueryIterator input, List<Var> projected, TxnIds scope, ExecutionContext execCxt) {
        super(input, execCxt);
        this.scope = scope;
        this.vars = projected.toArray(new Var[0]);
        this.ids = new long[vars.length];
        this.seenSingle = vars.length == 1 ? new LongHashSet() : null;
        this.seenTuples = vars.length == 1 ? null : new HashSet<>();
    }

    @Override
    Binding findNext() {
        while (true) {
            QueryIterator input = getInput();
            if (input == null || !input.hasNext()) {
                return null;
            }
            Binding row = input.nextBinding();
            boolean allStored = idsOf(row);
            if (firstTime()) {
                return allStored ? stored() : nodes(row);
            }
        }
    }

    /** Fills {@link #ids} from {@code row}: 0 for unbound; true if every bound value is a stored atom. */
    private boolean idsOf(Binding row) {
        boolean allStored = true;
        for (int i = 0; i < vars.length; i++) {
            long id = IdBinding.idOf(row, vars[i], scope, false);
            if (id == IdBinding.UNBOUND) {
                id = QuadStore.ANY;
            } else if (id < 0) {
                Node node = row.get(vars[i]);
                id = unstored.computeIfAbsent(node, n -> -2L - unstored.size());
                allStored = false;
            }
            ids[i] = id;
        }
        return allStored;
    }

    private boolean firstTime() {
        if (seenSingle != null) {
            return seenSingle.add(ids[0]);
        }
        return seenTuples.add(new IdTuple(ids.clone()));
    }

    private Binding stored() {
        int bound = 0;
        for (long id : ids) {
            bound += id != QuadStore.ANY ? 1 : 0;
        }
        Var[] outVars = new Var[bound];
        long[] outIds = new long[bound];
        for (int i = 0, j = 0; i < vars.length; i++) {
            if (ids[i] != QuadStore.ANY) {
                outVars[j] = vars[i];
                outIds[j++] = ids[i];
            }
        }
        return new IdBinding(BindingFactory.root(), scope, outVars, outIds);
    }

    private Binding nodes(Binding row) {
        BindingBuilder builder = Binding.builder();
        for (Var var : vars) {
            Node node = row.get(var);
            if (node != null) {
                builder.add(var, node);
            }
        }
        return builder.build();
    }

    @Override
    protected void requestSubCancel() {
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdDistinct " + Arrays.toString(vars));
    }
}
