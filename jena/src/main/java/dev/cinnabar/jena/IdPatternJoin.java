package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.serializer.SerializationContext;

/**
 * A basic graph pattern evaluated on atom ids: for each input binding, nested loops over the store's id cursors, one
 * per triple pattern in the given order, each opened with the ids bound so far. Rows are ids; the solutions are
 * {@link IdBinding}s, decoded only when read.
 *
 * <p>The graph is one of: a fixed graph id (the default graph or a named graph), the union graph (any graph but the
 * default one, each triple once per pattern), or a variable (GRAPH ?g: any graph but the default one, the same graph
 * for every pattern). The union graph's duplicates are adjacent because the store answers every graph-unbound
 * pattern from an index with the graph last (see {@link StoreDatasetGraph}).
 */
final class IdPatternJoin extends LookAheadIterator {

    /** How the graph of every pattern is chosen. */
    enum GraphMode { FIXED, UNION, VARIABLE }

    private static final int GRAPH = 0;
    private static final int CANCEL_CHECK_STEPS = 1 << 14;

    private final TxnIds scope;
    private final QuadReader reader;
    private final GraphMode graphMode;
    private final long defaultGraph;
    private final int patterns;
    /** Per pattern and position (g, s, p, o): the slot of its variable, or -1 for a constant. */
    private final int[] slots;
    /** Per pattern and position: the constant's id ({@link QuadStore#ANY} for the union graph's graph). */
    private final long[] constants;
    private final Var[] vars;
    private final AtomicBoolean cancelSignal;

    private final long[] row;
    private final QuadIdCursor[] cursors;
    /** Per pattern: the slots first bound by it, as a bit mask, for the current input's bound slots. */
    private final long[] newSlots;
    private final long[] lastS;
    private final long[] lastP;
    private final long[] lastO;
    private long inputMask = -1;
    private Var[] outVars;
    private int[] outSlots;
    private Binding input;
    private int depth = -1;
    private int steps;

    private IdPatternJoin(QueryIterator in, ExecutionContext execCxt, TxnIds scope, GraphMode graphMode,
                          int[] slots, long[] constants, Var[] vars) {
        super(in, execCxt);
        this.scope = scope;
        this.reader = scope.txn.reader;
        this.graphMode = graphMode;
        this.defaultGraph = scope.dataset.defaultGraphId(scope.txn);
        this.patterns = slots.length / 4;
        this.slots = slots;
        this.constants = constants;
        this.vars = vars;
        this.cancelSignal = execCxt.getCancelSignal();
        this.row = new long[vars.length];
        this.cursors = new QuadIdCursor[patterns];
        this.newSlots = new long[patterns];
        this.lastS = new long[patterns];
        this.lastP = new long[patterns];
        this.lastO = new long[patterns];
    }

    /** The most distinct variables (graph variable included) a pattern may have: slots are bits of a long. */
    static final int MAX_VARIABLES = Long.SIZE;

    /** The number of distinct variables of {@code pattern} and {@code graph} (if it is a variable). */
    /** The variables of {@code pattern} and of a variable {@code graph}, in order of first use. */
    static List<Var> variablesOf(BasicPattern pattern, Node graph) {
        java.util.Set<Var> vars = new java.util.LinkedHashSet<>();
        if (graph != null && graph.isVariable()) {
            vars.add(Var.alloc(graph));
        }
        for (Triple triple : pattern) {
            for (Node node : new Node[] {triple.getSubject(), triple.getPredicate(), triple.getObject()}) {
                if (node.isVariable()) {
                    vars.add(Var.alloc(node));
                }
            }
        }
        return new ArrayList<>(vars);
    }

    /**
     * Whether every term of {@code pattern} is a variable or stands for one id: not so for a triple term with a
     * variable inside ({@code <<( ?s :p ?o )>>}), which matches many triple terms and so is left to ARQ.
     */
    static boolean onIds(BasicPattern pattern) {
        for (Triple triple : pattern) {
            if (TermMapping.isTripleTermPattern(triple.getSubject())
                || TermMapping.isTripleTermPattern(triple.getObject())) {
                return false;
            }
        }
        return true;
    }

    static int variables(BasicPattern pattern, Node graph) {
        java.util.Set<Node> vars = new java.util.HashSet<>();
        if (graph != null && graph.isVariable()) {
            vars.add(graph);
        }
        for (Triple triple : pattern) {
            for (Node node : new Node[] {triple.getSubject(), triple.getPredicate(), triple.getObject()}) {
                if (node.isVariable()) {
                    vars.add(node);
                }
            }
        }
        return vars.size();
    }

    /**
     * The solutions of {@code pattern} (already in evaluation order, at most {@link #MAX_VARIABLES} variables) for
     * every binding of {@code input}.
     *
     * @param graph the named graph's node for {@link GraphMode#FIXED} (null or a default graph node: the default
     *              graph), the graph variable for {@link GraphMode#VARIABLE}, ignored for the union graph
     */
    static QueryIterator create(TxnIds scope, GraphMode graphMode, Node graph, BasicPattern pattern,
                                QueryIterator input, ExecutionContext execCxt) {
        List<Var> vars = new ArrayList<>();
        int n = pattern.size();
        int[] slots = new int[n * 4];
        long[] constants = new long[n * 4];
        long graphId = QuadStore.ANY;
        if (graphMode == GraphMode.FIXED) {
            graphId = graph == null ? scope.dataset.defaultGraphId(scope.txn) : scope.dataset.idOf(scope.txn, graph,
                true);
        }
        boolean unknown = graphId < 0;
        for (int t = 0; t < n; t++) {
            Triple triple = pattern.get(t);
            Node[] nodes = {graphMode == GraphMode.VARIABLE ? graph : null, triple.getSubject(),
                triple.getPredicate(), triple.getObject()};
            for (int pos = 0; pos < 4; pos++) {
                int k = t * 4 + pos;
                Node node = nodes[pos];
                if (pos == GRAPH && graphMode != GraphMode.VARIABLE) {
                    slots[k] = -1;
                    constants[k] = graphId;
                } else if (node.isVariable()) {
                    Var var = Var.alloc(node);
                    int slot = vars.indexOf(var);
                    if (slot < 0) {
                        slot = vars.size();
                        vars.add(var);
                    }
                    slots[k] = slot;
                } else {
                    slots[k] = -1;
                    constants[k] = scope.dataset.idOf(scope.txn, node, pos == GRAPH);
                    unknown |= constants[k] < 0;
                }
            }
        }
        IdPatternJoin join = new IdPatternJoin(input, execCxt, scope, graphMode, slots, constants,
            vars.toArray(new Var[0]));
        if (unknown) {
            join.depth = Integer.MAX_VALUE; // a term the store has never seen: no solutions, nothing decoded
        }
        return join;
    }

    @Override
    Binding findNext() {
        if (depth == Integer.MAX_VALUE) {
            return null;
        }
        QueryIterator in = getInput();
        while (true) {
            if (depth < 0) {
                if (in == null || !in.hasNext()) {
                    return null;
                }
                if (!start(in.next())) {
                    continue;
                }
                depth = 0;
                open(0);
            }
            if (advance(depth)) {
                if (depth == patterns - 1) {
                    return solution();
                }
                depth++;
                open(depth);
            } else {
                depth--;
            }
        }
    }

    /** Takes the input binding's values of the pattern's variables as ids; false if one is not in the store. */
    private boolean start(Binding binding) {
        long mask = 0;
        for (int slot = 0; slot < vars.length; slot++) {
            long id = IdBinding.idOf(binding, vars[slot], scope, graphMode == GraphMode.VARIABLE && isGraphVar(slot));
            if (id == IdBinding.UNBOUND) {
                row[slot] = QuadStore.ANY;
                continue;
            }
            if (id < 0) {
                return false; // bound to a term the store does not hold
            }
            row[slot] = id;
            mask |= 1L << slot;
        }
        input = binding;
        if (mask != inputMask) {
            plan(mask);
        }
        return true;
    }

    private boolean isGraphVar(int slot) {
        return slots[GRAPH] == slot;
    }

    /** Which slots each pattern binds first, and the solutions' variables, given the input's bound slots. */
    private void plan(long mask) {
        inputMask = mask;
        long bound = mask;
        for (int t = 0; t < patterns; t++) {
            long fresh = 0;
            for (int pos = 0; pos < 4; pos++) {
                int slot = slots[t * 4 + pos];
                if (slot >= 0 && (bound & (1L << slot)) == 0) {
                    fresh |= 1L << slot;
                }
            }
            newSlots[t] = fresh;
            bound |= fresh;
        }
        int count = Long.bitCount(bound & ~mask);
        outVars = new Var[count];
        outSlots = new int[count];
        int i = 0;
        for (int slot = 0; slot < vars.length; slot++) {
            if ((mask & (1L << slot)) == 0) {
                outVars[i] = vars[slot];
                outSlots[i] = slot;
                i++;
            }
        }
    }

    private long id(int t, int pos) {
        int k = t * 4 + pos;
        int slot = slots[k];
        if (slot < 0) {
            return constants[k];
        }
        return (newSlots[t] & (1L << slot)) != 0 ? QuadStore.ANY : row[slot];
    }

    private void open(int t) {
        cursors[t] = reader.matchIds(id(t, 0), id(t, 1), id(t, 2), id(t, 3));
        lastS[t] = -1;
        lastP[t] = -1;
        lastO[t] = -1;
    }

    /** Moves pattern {@code t}'s cursor to its next quad consistent with the row, binding the pattern's new slots. */
    private boolean advance(int t) {
        QuadIdCursor cursor = cursors[t];
        long fresh = newSlots[t];
        int base = t * 4;
        while (cursor.next()) {
            if (++steps == CANCEL_CHECK_STEPS) {
                steps = 0;
                if (cancelSignal != null && cancelSignal.get()) {
                    throw new QueryCancelledException();
                }
            }
            long g = cursor.graph();
            if (graphMode == GraphMode.UNION) {
                long s = cursor.subject();
                long p = cursor.predicate();
                long o = cursor.object();
                if (g == defaultGraph || s == lastS[t] && p == lastP[t] && o == lastO[t]) {
                    continue;
                }
                lastS[t] = s;
                lastP[t] = p;
                lastO[t] = o;
            } else if (graphMode == GraphMode.VARIABLE && g == defaultGraph
                && (fresh & (1L << slots[base + GRAPH])) != 0) {
                continue; // GRAPH ?g ranges over the named graphs
            }
            if (fresh == 0 || bind(cursor, base, fresh, g)) {
                return true;
            }
        }
        return false;
    }

    /** Binds the new slots of the pattern at {@code base}; false if a repeated variable gets two different ids. */
    private boolean bind(QuadIdCursor cursor, int base, long fresh, long g) {
        long set = 0;
        for (int pos = 0; pos < 4; pos++) {
            int slot = slots[base + pos];
            if (slot < 0 || (fresh & (1L << slot)) == 0) {
                continue;
            }
            long value = pos == GRAPH ? g : pos == 1 ? cursor.subject() : pos == 2 ? cursor.predicate()
                : cursor.object();
            long bit = 1L << slot;
            if ((set & bit) != 0) {
                if (row[slot] != value) {
                    return false;
                }
            } else {
                row[slot] = value;
                set |= bit;
            }
        }
        return true;
    }

    private Binding solution() {
        if (outVars.length == 0) {
            return input; // everything was bound already: the pattern only checked it
        }
        long[] values = new long[outSlots.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = row[outSlots[i]];
        }
        return new IdBinding(input, scope, outVars, values);
    }

    @Override
    protected void requestSubCancel() {
    }

    @Override
    void release() {
        depth = Integer.MAX_VALUE;
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdPatternJoin " + graphMode + " " + patterns + " patterns");
    }
}
