package dev.cinnabar.jena;

import java.util.Arrays;
import java.util.Iterator;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBase;

/**
 * One solution of a basic graph pattern run on atom ids: the variables the pattern bound, as ids, over the input
 * binding (the parent). A variable's node is decoded only when it is read, once, through the dataset's node caches;
 * a later pattern of the same query reuses the ids without decoding them ({@link #idOf}).
 */
final class IdBinding extends BindingBase {

    private final TxnIds ids;
    private final Var[] vars;
    private final long[] values;
    /** Decoded nodes, filled on first read; a race decodes twice to equal nodes, which is harmless. */
    private final Node[] nodes;

    IdBinding(Binding parent, TxnIds ids, Var[] vars, long[] values) {
        this(parent, ids, vars, values, new Node[vars.length]);
    }

    /** Ids whose nodes the caller already has ({@code nodes}, one per id): they are never decoded. */
    static IdBinding decoded(Binding parent, TxnIds ids, Var[] vars, long[] values, Node[] nodes) {
        return new IdBinding(parent, ids, vars, values, nodes);
    }

    private IdBinding(Binding parent, TxnIds ids, Var[] vars, long[] values, Node[] nodes) {
        super(parent);
        this.ids = ids;
        this.vars = vars;
        this.values = values;
        this.nodes = nodes;
    }

    /**
     * The atom id of {@code var} in {@code binding} for a pattern running in {@code scope}: from the id bindings of
     * the same transaction without decoding, else by converting the bound node. {@link #UNBOUND} if {@code var} is
     * not bound, {@link dev.cinnabar.quadstore.QuadStore#NO_ID} if its node is not in the store.
     */
    static long idOf(Binding binding, Var var, TxnIds scope, boolean graphPosition) {
        Binding at = binding;
        while (at instanceof IdBinding) {
            IdBinding b = (IdBinding) at;
            if (!b.ids.sameAs(scope)) {
                break;
            }
            int i = b.index(var);
            if (i >= 0) {
                return b.values[i];
            }
            at = b.parent;
        }
        if (at == null) {
            return UNBOUND;
        }
        Node node = at.get(var);
        return node == null ? UNBOUND : scope.dataset.idOf(scope.txn, node, graphPosition);
    }

    /**
     * The atom id of {@code var} where {@code binding} holds it as an id of {@code scope}'s transaction, without
     * converting a node; 0 if it holds it as a node or not at all.
     */
    static long heldId(Binding binding, Var var, TxnIds scope) {
        Binding at = binding;
        while (at instanceof IdBinding b && b.ids.sameAs(scope)) {
            int i = b.index(var);
            if (i >= 0) {
                return b.values[i];
            }
            at = b.parent;
        }
        return 0;
    }

    /** {@link #idOf} of a variable that is not bound. */
    static final long UNBOUND = Long.MIN_VALUE;

    private int index(Var var) {
        for (int i = 0; i < vars.length; i++) {
            if (vars[i].equals(var)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    protected Iterator<Var> vars1() {
        return Arrays.asList(vars).iterator();
    }

    @Override
    protected int size1() {
        return vars.length;
    }

    @Override
    protected boolean isEmpty1() {
        return vars.length == 0;
    }

    @Override
    protected boolean contains1(Var var) {
        return index(var) >= 0;
    }

    @Override
    protected Node get1(Var var) {
        int i = index(var);
        if (i < 0) {
            return null;
        }
        Node node = nodes[i];
        if (node == null) {
            node = ids.node(values[i]);
            nodes[i] = node;
        }
        return node;
    }

    /** The binding this one extends. */
    Binding parent() {
        return parent;
    }

    /** The same solution over another input row. */
    IdBinding withParent(Binding newParent) {
        return new IdBinding(newParent, ids, vars, values, nodes);
    }

    @Override
    protected Binding detachWithNewParent(Binding newParent) {
        return new IdBinding(newParent, ids, vars, values, nodes);
    }
}
