package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.Var;

import dev.cinnabar.quadstore.PatternEstimate;
import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadStore;

/**
 * Orders a basic graph pattern by estimated cost (ADR-015), replacing Jena's fixed reordering: greedily, the next
 * pattern is the one expected to give the fewest rows per row so far, among those that share a variable with the
 * patterns before it (no cross product while a connected pattern is left), ties to the one with fewer matches.
 * A pattern's rows per row are its
 * matches ({@link dev.cinnabar.quadstore.QuadReader#estimate}) divided by the distinct values of each position a
 * variable bound earlier takes; a position the indexes cannot estimate counts as a key (one match per value).
 */
final class JoinOrder {

    private static final int GRAPH = 0;
    /** Estimates kept per transaction, so a BGP run once per input row does not sample the store each time. */
    private static final int ESTIMATE_CACHE_ENTRIES = 4096;

    private JoinOrder() {
    }

    /**
     * The patterns of {@code pattern} in evaluation order. {@code grounded} is the same pattern with the first input
     * binding's values substituted, which is what is estimated.
     */
    static BasicPattern order(TxnIds scope, IdPatternJoin.GraphMode mode, Node graph, BasicPattern grounded,
                              BasicPattern pattern) {
        return order(scope, mode, graph, grounded, pattern, Set.of());
    }

    /**
     * The patterns of {@code pattern} in evaluation order for many input rows that each bind {@code inputBound}:
     * estimated with those variables bound to values not known yet (matches divided by the distinct values of
     * their positions), so that one plan suits every row, not only the first.
     */
    static BasicPattern orderForInputs(TxnIds scope, IdPatternJoin.GraphMode mode, Node graph, BasicPattern pattern,
                                       Set<Var> inputBound) {
        return order(scope, mode, graph, pattern, pattern, inputBound);
    }

    private static BasicPattern order(TxnIds scope, IdPatternJoin.GraphMode mode, Node graph, BasicPattern grounded,
                                      BasicPattern pattern, Set<Var> inputBound) {
        int n = pattern.size();
        PatternEstimate[] estimates = new PatternEstimate[n];
        Node[][] nodes = new Node[n][];
        long graphId = QuadStore.ANY;
        if (mode == IdPatternJoin.GraphMode.FIXED) {
            graphId = graph == null ? scope.dataset.defaultGraphId(scope.txn) : scope.dataset.idOf(scope.txn, graph,
                true);
        }
        long[][] patternIds = new long[n][];
        for (int t = 0; t < n; t++) {
            Triple triple = grounded.get(t);
            Node g = mode == IdPatternJoin.GraphMode.VARIABLE ? graph : null;
            nodes[t] = new Node[] {g, triple.getSubject(), triple.getPredicate(), triple.getObject()};
            long[] ids = new long[4];
            patternIds[t] = ids;
            for (int pos = 0; pos < 4; pos++) {
                Node node = nodes[t][pos];
                if (pos == GRAPH && mode != IdPatternJoin.GraphMode.VARIABLE) {
                    ids[pos] = graphId;
                } else if (node.isVariable()) {
                    ids[pos] = QuadStore.ANY;
                } else {
                    ids[pos] = scope.dataset.idOf(scope.txn, node, pos == GRAPH);
                }
            }
        }
        PatternEstimate[] bySubject = bySubject(scope, patternIds);
        for (int t = 0; t < n; t++) {
            estimates[t] = bySubject[t] != null ? bySubject[t] : estimate(scope, patternIds[t]);
        }
        boolean[] used = new boolean[n];
        Set<Node> bound = new HashSet<>(inputBound);
        Set<Node> joined = new HashSet<>();
        BasicPattern ordered = new BasicPattern();
        for (int step = 0; step < n; step++) {
            int best = -1;
            boolean bestConnected = false;
            double bestRows = Double.POSITIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                if (used[t]) {
                    continue;
                }
                // Connected: shares a variable with the patterns chosen so far (any pattern is, at the start).
                boolean connected = joined.isEmpty();
                double rows = estimates[t].quads();
                for (int pos = 0; pos < 4; pos++) {
                    Node node = nodes[t][pos];
                    if (node != null && node.isVariable() && bound.contains(node)) {
                        connected |= joined.contains(node);
                        long distinct = estimates[t].distinct(pos);
                        rows /= Math.max(1, distinct == PatternEstimate.UNKNOWN ? estimates[t].quads() : distinct);
                    }
                }
                // Ties go to the pattern with fewer matches, then to the one written first.
                if (best < 0 || connected && !bestConnected || connected == bestConnected && (rows < bestRows
                    || rows == bestRows && estimates[t].quads() < estimates[best].quads())) {
                    best = t;
                    bestConnected = connected;
                    bestRows = rows;
                }
            }
            used[best] = true;
            ordered.add(pattern.get(best));
            for (Node node : nodes[best]) {
                if (node != null && node.isVariable()) {
                    bound.add(node);
                    joined.add(node);
                }
            }
        }
        return ordered;
    }

    /**
     * The estimated matches of the most selective pattern of {@code pattern}, its variables unbound: a lower
     * bound on the rows the pattern's evaluation reads, for choosing what runs first beside it.
     */
    static long smallestMatches(TxnIds scope, long graphId, BasicPattern pattern) {
        long smallest = Long.MAX_VALUE;
        for (Triple triple : pattern) {
            Node[] nodes = {triple.getSubject(), triple.getPredicate(), triple.getObject()};
            long[] ids = {graphId, 0, 0, 0};
            for (int pos = 0; pos < 3; pos++) {
                ids[pos + 1] = nodes[pos].isVariable() ? QuadStore.ANY : scope.dataset.idOf(scope.txn, nodes[pos],
                    false);
            }
            smallest = Math.min(smallest, estimate(scope, ids).quads());
        }
        return smallest;
    }

    /**
     * Estimates of the patterns {@code (g s p ?o)} that share a constant graph and subject with another such
     * pattern (a star around one resource, BSBM's offers and products), from one scan of the subject's quads rather
     * than one sample of the store per pattern: counted per predicate, they are the exact figures
     * {@link dev.cinnabar.quadstore.QuadReader#estimate} gives a pattern of so few matches (one value for each bound
     * position, a different object for each quad). A subject of more than {@value #SUBJECT_SCAN_QUADS} quads, and
     * every other pattern, gets null: estimated alone.
     */
    static PatternEstimate[] bySubject(TxnIds scope, long[][] patternIds) {
        int n = patternIds.length;
        PatternEstimate[] found = new PatternEstimate[n];
        boolean[] done = new boolean[n];
        for (int first = 0; first < n; first++) {
            if (done[first] || !subjectStar(patternIds[first])) {
                continue;
            }
            long g = patternIds[first][GRAPH];
            long s = patternIds[first][1];
            List<Integer> group = new ArrayList<>();
            for (int t = first; t < n; t++) {
                if (!done[t] && subjectStar(patternIds[t]) && patternIds[t][GRAPH] == g && patternIds[t][1] == s) {
                    group.add(t);
                    done[t] = true;
                }
            }
            if (group.size() >= 2) {
                countPredicates(scope, g, s, group, patternIds, found);
            }
        }
        return found;
    }

    /** Most quads of one subject {@link #bySubject} reads: the store's estimate counts this many exactly too. */
    static final int SUBJECT_SCAN_QUADS = 1024;

    /** A pattern with graph, subject and predicate stored constants and an open object. */
    private static boolean subjectStar(long[] ids) {
        return ids[GRAPH] > 0 && ids[1] > 0 && ids[2] > 0 && ids[3] == QuadStore.ANY;
    }

    private static void countPredicates(TxnIds scope, long g, long s, List<Integer> group, long[][] patternIds,
                                        PatternEstimate[] found) {
        long[] counts = new long[group.size()];
        QuadIdCursor quads = scope.txn.reader.matchIds(g, s, QuadStore.ANY, QuadStore.ANY);
        int read = 0;
        while (quads.next()) {
            if (++read > SUBJECT_SCAN_QUADS) {
                return; // a large subject: each pattern is sampled on its own
            }
            long p = quads.predicate();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += patternIds[group.get(i)][2] == p ? 1 : 0;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            found[group.get(i)] = new PatternEstimate(counts[i], true, new long[] {1, 1, 1, counts[i]});
        }
    }

    static PatternEstimate estimate(TxnIds scope, long[] ids) {
        for (long id : ids) {
            if (id < 0) {
                return PatternEstimate.NONE;
            }
        }
        ThreadTxn txn = scope.txn;
        Map<List<Long>, PatternEstimate> cache = txn.estimates();
        List<Long> key = List.of(ids[0], ids[1], ids[2], ids[3]);
        PatternEstimate cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CommittedEstimates shared = txn.isWrite() ? null : scope.dataset.estimates();
        long sequence = txn.reader.commitSequence();
        cached = shared == null ? null : shared.get(key, sequence);
        if (cached == null) {
            cached = txn.reader.estimate(ids[0], ids[1], ids[2], ids[3]);
            if (shared != null) {
                shared.put(key, sequence, cached);
            }
        }
        cache.put(key, cached);
        return cached;
    }

    /** A bounded map for {@link ThreadTxn#estimates()}: the eldest entry goes once it is full. */
    static <K, V> Map<K, V> boundedCache() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > ESTIMATE_CACHE_ENTRIES;
            }
        };
    }
}
