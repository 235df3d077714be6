package dev.cinnabar.jena;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.path.PathLib;
import org.apache.jena.sparql.serializer.SerializationContext;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;

/**
 * {@code s p+ o} and {@code s p* o} over one graph, as a closure on atom ids: the set of nodes reachable from a start
 * node over {@code p} (forward from the subject, backward from the object), found by breadth-first search with one
 * index cursor per node, and kept for the whole execution. When an end is a constant the closure is taken from that
 * end once, and every input row is a membership test or a scan of it, whichever order the patterns came in
 * ({@code ?x a C . ?x p+ <k>} and {@code ?x p+ <k> . ?x a C} cost the same). When both ends are variables, the
 * closure is taken from the end the row binds, cached per node. A row that binds neither end, binds one to a
 * term the store does not hold, or has a literal object (ARQ matches a walk's end with it by value) is ARQ's
 * ({@link PathLib#execTriplePath}).
 *
 * <p>Set semantics as SPARQL's: each reachable node once per row; {@code p*} adds the start node itself.
 */
final class IdPathClosure extends LookAheadIterator {

    /** Closures kept per execution when both ends are variables; emptied when full. */
    private static final int MAX_CACHED_CLOSURES = 4096;
    private static final int CANCEL_CHECK_NODES = 1 << 12;

    private final TxnIds scope;
    private final QuadReader reader;
    private final TriplePath triplePath;
    private final long graph;
    private final long predicate;
    private final boolean zeroOrMore;
    private final Node subject;
    private final Node object;
    private final AtomicBoolean cancelSignal;
    private final Map<Long, Reach> forward = new HashMap<>();
    private final Map<Long, Reach> backward = new HashMap<>();

    /** The nodes of one closure, in the order found, and as a set. */
    private record Reach(LongArrayList nodes, LongHashSet members) {
    }

    private Binding row;
    private Var outVar;
    private LongArrayList candidates;
    private int nextCandidate;
    private QueryIterator delegated;
    private int visited;

    IdPathClosure(QueryIterator input, TxnIds scope, TriplePath triplePath, long graph, long predicate,
                  boolean zeroOrMore, ExecutionContext execCxt) {
        super(input, execCxt);
        this.scope = scope;
        this.reader = scope.txn.reader;
        this.triplePath = triplePath;
        this.graph = graph;
        this.predicate = predicate;
        this.zeroOrMore = zeroOrMore;
        this.subject = triplePath.getSubject();
        this.object = triplePath.getObject();
        this.cancelSignal = execCxt.getCancelSignal();
    }

    /**
     * Whether the closure from {@code start} (forward or backward) over {@code predicate} in {@code graph} has fewer
     * than {@code limit} nodes; the search stops at the limit, so it costs at most that many nodes' cursors.
     */
    static boolean closureSmallerThan(QuadReader reader, long graph, long predicate, long start, boolean forward,
                                      long limit) {
        LongHashSet seen = new LongHashSet();
        LongArrayList frontier = new LongArrayList();
        frontier.addLong(start);
        for (int i = 0; i < frontier.size(); i++) {
            long node = frontier.getLong(i);
            QuadIdCursor cursor = forward ? reader.matchIds(graph, node, predicate, QuadStore.ANY)
                : reader.matchIds(graph, QuadStore.ANY, predicate, node);
            while (cursor.next()) {
                long step = forward ? cursor.object() : cursor.subject();
                if (seen.add(step)) {
                    if (seen.size() >= limit) {
                        return false;
                    }
                    frontier.addLong(step);
                }
            }
        }
        return true;
    }

    @Override
    Binding findNext() {
        while (true) {
            if (delegated != null) {
                if (delegated.hasNext()) {
                    return delegated.nextBinding();
                }
                delegated.close();
                delegated = null;
            }
            if (candidates != null) {
                if (nextCandidate < candidates.size()) {
                    long id = candidates.getLong(nextCandidate++);
                    return new IdBinding(row, scope, new Var[] {outVar}, new long[] {id});
                }
                candidates = null;
            }
            QueryIterator input = getInput();
            if (input == null || !input.hasNext()) {
                return null;
            }
            Binding member = start(input.nextBinding());
            if (member != null) {
                return member;
            }
        }
    }

    /**
     * Sets up the solutions of one input row: a list of candidates or ARQ's evaluation, or returns the row itself if
     * both ends are bound and connected (null otherwise).
     */
    private Binding start(Binding binding) {
        row = binding;
        long s = idOf(subject, binding);
        long o = idOf(object, binding);
        if (s == QuadStore.NO_ID || o == QuadStore.NO_ID || s == IdBinding.UNBOUND && o == IdBinding.UNBOUND
            || o != IdBinding.UNBOUND && objectIsLiteral(binding)) {
            delegated = PathLib.execTriplePath(binding, triplePath, getExecContext());
            return null;
        }
        boolean fromObject = s == IdBinding.UNBOUND || !subject.isConcrete() && object.isConcrete();
        Reach reach = fromObject ? closure(o, false) : closure(s, true);
        long other = fromObject ? s : o;
        if (other == IdBinding.UNBOUND) {
            outVar = Var.alloc(fromObject ? subject : object);
            candidates = reach.nodes();
            nextCandidate = 0;
        } else if (reach.members().contains(other)) {
            return binding;
        }
        return null;
    }

    /** ARQ compares the end of a walk with a literal object by value ("01" = 1), not by term: that stays ARQ's. */
    private boolean objectIsLiteral(Binding binding) {
        Node node = object.isConcrete() ? object : binding.get(Var.alloc(object));
        return node != null && node.isLiteral();
    }

    private long idOf(Node node, Binding binding) {
        if (node.isConcrete()) {
            return scope.dataset.idOf(scope.txn, node, false);
        }
        return IdBinding.idOf(binding, Var.alloc(node), scope, false);
    }

    /** The nodes reachable from {@code start} (forward or backward), in the order found; the start for p*. */
    private Reach closure(long start, boolean isForward) {
        Map<Long, Reach> cache = isForward ? forward : backward;
        Reach known = cache.get(start);
        if (known != null) {
            return known;
        }
        LongArrayList reach = new LongArrayList();
        LongHashSet seen = new LongHashSet();
        LongArrayList frontier = new LongArrayList();
        if (zeroOrMore) {
            seen.add(start);
            reach.addLong(start);
        }
        frontier.addLong(start);
        for (int i = 0; i < frontier.size(); i++) {
            long node = frontier.getLong(i);
            if (++visited == CANCEL_CHECK_NODES) {
                visited = 0;
                if (cancelSignal != null && cancelSignal.get()) {
                    throw new QueryCancelledException();
                }
            }
            QuadIdCursor cursor = isForward ? reader.matchIds(graph, node, predicate, QuadStore.ANY)
                : reader.matchIds(graph, QuadStore.ANY, predicate, node);
            while (cursor.next()) {
                long step = isForward ? cursor.object() : cursor.subject();
                if (seen.add(step)) {
                    reach.addLong(step);
                    frontier.addLong(step);
                }
            }
        }
        if (cache.size() >= MAX_CACHED_CLOSURES) {
            cache.clear();
        }
        if (zeroOrMore) {
            seen.add(start);
        }
        Reach found = new Reach(reach, seen);
        cache.put(start, found);
        return found;
    }

    @Override
    protected void requestSubCancel() {
        if (delegated != null) {
            delegated.cancel();
        }
    }

    @Override
    void release() {
        if (delegated != null) {
            delegated.close();
            delegated = null;
        }
        candidates = null;
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdPathClosure " + triplePath);
    }
}
