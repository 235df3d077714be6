package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.PatternEstimate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.collections.Long2LongHashMap;
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
import org.apache.jena.sparql.util.Symbol;

/**
 * A basic graph pattern evaluated on atom ids: for each input binding, nested loops over the store's id cursors, one
 * per triple pattern in the given order, each opened with the ids bound so far. Rows are ids; the solutions are
 * {@link IdBinding}s, decoded only when read.
 *
 * <p>The graph is one of: a fixed graph id (the default graph or a named graph), the union graph (any graph but the
 * default one, each triple once per pattern), or a variable (GRAPH ?g: any graph but the default one, the same graph
 * for every pattern). The union graph's duplicates are adjacent because the store answers every graph-unbound
 * pattern from an index with the graph last (see {@link StoreDatasetGraph}).
 *
 * <p><b>Hash joins.</b> A pattern opened again and again (once per row of the patterns before it) costs one index
 * seek per opening. Once the seeks of a pattern could have paid for reading all its matches (its variables unbound)
 * in one scan, the pattern reads them into a hash table keyed by the one variable the earlier patterns bind (or by
 * nothing), and each later opening is a probe; a pattern with two or more bound variables keeps seeking. The check
 * runs after {@link #HASH_JOIN_AFTER_OPENS} openings and again at every doubling, so the scan costs at most about what
 * the seeks already cost (a rent-or-buy rule, with no estimate of the rows to come). An opening with a value bound
 * gives exactly the matches that hold that value, and so does a probe, so the switch changes no answer, only the
 * order of one pattern's matches.
 */
final class IdPatternJoin extends LookAheadIterator {

    /** How the graph of every pattern is chosen. */
    enum GraphMode { FIXED, UNION, VARIABLE }

    private static final int GRAPH = 0;
    private static final int CANCEL_CHECK_STEPS = 1 << 14;

    /**
     * Context symbol: after how many openings of one pattern a hash table is first considered (an integer; 0 or
     * less: never). Tests lower it to run the hash path on small data.
     */
    static final Symbol HASH_JOIN_AFTER_OPENS = Symbol.create("https://cinnabar.dev/jena#hashJoinAfterOpens");
    private static final int DEFAULT_HASH_JOIN_AFTER_OPENS = 256;
    /**
     * Quads of a table build one index seek costs about as much as. A profile of BSBM Q6 put a seek at about 1 us
     * and a quad of a scan at about 30 ns, but a join's seeks of nearby keys hit blocks already decoded, and a
     * table's inserts miss the CPU's caches: with 32 (and a first check after 64 openings), LUBM q05u, q07u and q08u
     * on lubm10 ran 1.4x to 1.9x slower than without tables, building tables of a class's members on every run;
     * with 8 and 256 they ran as without, and q09v 1.4x faster (same-run A/B, Cinnabar alone).
     */
    private static final long SEEK_COST_QUADS = 8;
    /** Most quads one pattern's hash table holds (about 40 bytes each): beyond that the seeks stay. */
    private static final int HASH_TABLE_MAX_QUADS = 1 << 18;
    /** {@link #keySlots} of a pattern with two or more bound variables: not hashed, its seeks are selective. */
    private static final int NO_KEY = -2;
    /** {@link #keySlots} of a pattern with no bound variable: every opening gives all its matches. */
    private static final int EMPTY_KEY = -1;

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
    /** Per pattern: openings so far, the opening count of the next hash check, and its table once built. */
    private final int[] opens;
    private final int[] nextHashCheck;
    private final HashTable[] tables;
    /** Per pattern: the slot of the one bound variable that keys its hash table, {@link #EMPTY_KEY} or {@link #NO_KEY}. */
    private final int[] keySlots;
    /** Per pattern: its next entry in its table's chain, or -1. */
    private final int[] probes;
    private final int hashAfterOpens;
    private int hashTablesBuilt;
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
        this.opens = new int[patterns];
        this.nextHashCheck = new int[patterns];
        this.tables = new HashTable[patterns];
        this.keySlots = new int[patterns];
        this.probes = new int[patterns];
        Object after = execCxt.getContext().get(HASH_JOIN_AFTER_OPENS);
        this.hashAfterOpens = after == null ? DEFAULT_HASH_JOIN_AFTER_OPENS : Integer.parseInt(after.toString());
        Arrays.fill(nextHashCheck, hashAfterOpens > 0 ? hashAfterOpens : Integer.MAX_VALUE);
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
            keySlots[t] = keySlot(t, fresh);
            tables[t] = null; // keyed by the bound variables of the old plan
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

    /** The slot of pattern {@code t}'s one bound variable, {@link #EMPTY_KEY} if none, {@link #NO_KEY} if more. */
    private int keySlot(int t, long fresh) {
        int key = EMPTY_KEY;
        for (int pos = 0; pos < 4; pos++) {
            int slot = slots[t * 4 + pos];
            if (slot >= 0 && (fresh & (1L << slot)) == 0 && slot != key) {
                if (key != EMPTY_KEY) {
                    return NO_KEY;
                }
                key = slot;
            }
        }
        return key;
    }

    private void open(int t) {
        if (++opens[t] == nextHashCheck[t] && tables[t] == null) {
            considerHashTable(t);
        }
        HashTable table = tables[t];
        if (table != null) {
            probes[t] = table.first(keySlots[t] == EMPTY_KEY ? 0 : row[keySlots[t]]);
            return;
        }
        cursors[t] = reader.matchIds(id(t, 0), id(t, 1), id(t, 2), id(t, 3));
        lastS[t] = -1;
        lastP[t] = -1;
        lastO[t] = -1;
    }

    /**
     * Builds pattern {@code t}'s hash table if its seeks so far cost more than reading all its matches would (by the
     * store's estimate, and in fact: a scan that runs past twice that is given up for good); else the next check is
     * at twice as many openings.
     */
    private void considerHashTable(int t) {
        nextHashCheck[t] = opens[t] > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : opens[t] * 2;
        if (keySlots[t] == NO_KEY) {
            nextHashCheck[t] = Integer.MAX_VALUE;
            return;
        }
        int base = t * 4;
        long[] ids = new long[4];
        for (int pos = 0; pos < 4; pos++) {
            ids[pos] = slots[base + pos] < 0 ? constants[base + pos] : QuadStore.ANY;
        }
        long budget = Math.min(HASH_TABLE_MAX_QUADS, opens[t] * SEEK_COST_QUADS);
        PatternEstimate estimate = JoinOrder.estimate(scope, ids);
        if (estimate.quads() > budget) {
            return;
        }
        HashTable table = HashTable.build(reader.matchIds(ids[0], ids[1], ids[2], ids[3]), this, t,
            (int) Math.max(16, estimate.quads()), (int) Math.min(HASH_TABLE_MAX_QUADS, 2 * budget));
        if (table == null) {
            nextHashCheck[t] = Integer.MAX_VALUE; // the estimate was far too low: keep seeking
            return;
        }
        tables[t] = table;
        hashTablesBuilt++;
    }

    /** Hash tables built so far by this join, for tests. */
    int hashTablesBuilt() {
        return hashTablesBuilt;
    }

    /**
     * Whether a quad of pattern {@code t}'s scan belongs in its hash table as a match for the current plan: the same
     * graph rules as {@link #advance}, and a key variable used twice takes one value.
     */
    private boolean keeps(int t, long g, long s, long p, long o) {
        int base = t * 4;
        if (graphMode == GraphMode.UNION) {
            if (g == defaultGraph || s == lastS[t] && p == lastP[t] && o == lastO[t]) {
                return false;
            }
            lastS[t] = s;
            lastP[t] = p;
            lastO[t] = o;
        } else if (graphMode == GraphMode.VARIABLE && g == defaultGraph
            && (newSlots[t] & (1L << slots[base + GRAPH])) != 0) {
            return false;
        }
        int key = keySlots[t];
        if (key >= 0) {
            long value = -1;
            for (int pos = 0; pos < 4; pos++) {
                if (slots[base + pos] == key) {
                    long v = component(pos, g, s, p, o);
                    if (value >= 0 && v != value) {
                        return false;
                    }
                    value = v;
                }
            }
        }
        return true;
    }

    private long keyOf(int t, long g, long s, long p, long o) {
        int key = keySlots[t];
        if (key < 0) {
            return 0;
        }
        int base = t * 4;
        for (int pos = 0; ; pos++) {
            if (slots[base + pos] == key) {
                return component(pos, g, s, p, o);
            }
        }
    }

    private static long component(int pos, long g, long s, long p, long o) {
        return pos == GRAPH ? g : pos == 1 ? s : pos == 2 ? p : o;
    }

    /**
     * One pattern's matches with its variables unbound, chained per key: {@code first(key)} and {@code next[e]} walk
     * the entries of one key. Four longs (g, s, p, o) per entry.
     */
    private static final class HashTable {
        private final Long2LongHashMap heads;
        private long[] quads;
        private int[] next;
        private int size;

        private HashTable(int expected) {
            heads = new Long2LongHashMap(expected * 2, 0.65f, -1);
            quads = new long[expected * 4];
            next = new int[expected];
        }

        /**
         * The table of {@code cursor}'s quads that {@code join} keeps for pattern {@code t}, sized for
         * {@code expected} of them; null past {@code max}.
         */
        static HashTable build(QuadIdCursor cursor, IdPatternJoin join, int t, int expected, int max) {
            HashTable table = new HashTable(Math.min(expected, max));
            join.lastS[t] = -1;
            join.lastP[t] = -1;
            join.lastO[t] = -1;
            while (cursor.next()) {
                long g = cursor.graph();
                long s = cursor.subject();
                long p = cursor.predicate();
                long o = cursor.object();
                if (!join.keeps(t, g, s, p, o)) {
                    continue;
                }
                if (table.size == max) {
                    return null;
                }
                table.add(join.keyOf(t, g, s, p, o), g, s, p, o);
            }
            return table;
        }

        private void add(long key, long g, long s, long p, long o) {
            if (size == next.length) {
                next = Arrays.copyOf(next, size * 2);
                quads = Arrays.copyOf(quads, size * 8);
            }
            int e = size++;
            quads[e * 4] = g;
            quads[e * 4 + 1] = s;
            quads[e * 4 + 2] = p;
            quads[e * 4 + 3] = o;
            next[e] = (int) heads.put(key, e);
        }

        int first(long key) {
            return (int) heads.get(key);
        }
    }

    /** Moves pattern {@code t}'s cursor to its next quad consistent with the row, binding the pattern's new slots. */
    private boolean advance(int t) {
        long fresh = newSlots[t];
        int base = t * 4;
        HashTable table = tables[t];
        if (table != null) {
            while (probes[t] >= 0) {
                int e = probes[t];
                probes[t] = table.next[e];
                long[] q = table.quads;
                if (fresh == 0 || bind(base, fresh, q[e * 4], q[e * 4 + 1], q[e * 4 + 2], q[e * 4 + 3])) {
                    return true;
                }
            }
            return false;
        }
        QuadIdCursor cursor = cursors[t];
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
            if (fresh == 0 || bind(base, fresh, g, cursor.subject(), cursor.predicate(), cursor.object())) {
                return true;
            }
        }
        return false;
    }

    /** Binds the new slots of the pattern at {@code base}; false if a repeated variable gets two different ids. */
    private boolean bind(int base, long fresh, long g, long s, long p, long o) {
        long set = 0;
        for (int pos = 0; pos < 4; pos++) {
            int slot = slots[base + pos];
            if (slot < 0 || (fresh & (1L << slot)) == 0) {
                continue;
            }
            long value = component(pos, g, s, p, o);
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
