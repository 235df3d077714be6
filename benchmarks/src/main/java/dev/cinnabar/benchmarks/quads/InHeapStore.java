package dev.cinnabar.benchmarks.quads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;

/**
 * The in-memory ceiling, not a store: a {@code HashSet} of quad records for {@code contains}, a {@code HashMap} from
 * subject to its quads and one from (predicate, object) to its quads, all on the parser's Jena {@code Node}s (whose
 * equal terms are often the same instance, so {@code equals} is often a reference check). Nothing is written to
 * disk and nothing is durable; {@code txnSize} is ignored. {@link #bytesOnDisk()} reports the heap the structures
 * take (used heap after a full GC, minus that before the load).
 */
public final class InHeapStore implements StoreUnderTest {

    private record Q(Node g, Node s, Node p, Node o) {
    }

    private record PO(Node p, Node o) {
    }

    private QuadData data;
    private Set<Q> quads;
    private Map<Node, List<Q>> bySubject;
    private Map<PO, List<Q>> byPredicateObject;
    private long heapBefore;

    @Override
    public String name() {
        return "in-heap";
    }

    @Override
    public Role role() {
        return Role.BASELINE;
    }

    @Override
    public String describe() {
        return "HashSet<quad> + HashMap subject and (predicate, object) indexes on Jena Nodes; not durable";
    }

    @Override
    public void open(Path dir) {
        // nothing on disk
    }

    @Override
    public void prepare(QuadData quadData) {
        this.data = quadData;
        heapBefore = usedHeapAfterGc();
    }

    @Override
    public void load(int txnSize) {
        int n = data.size();
        quads = new HashSet<>();
        bySubject = new HashMap<>();
        byPredicateObject = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Q q = new Q(data.g(i), data.s(i), data.p(i), data.o(i));
            if (quads.add(q)) {
                bySubject.computeIfAbsent(q.s(), k -> new ArrayList<>(4)).add(q);
                byPredicateObject.computeIfAbsent(new PO(q.p(), q.o()), k -> new ArrayList<>(2)).add(q);
            }
        }
    }

    @Override
    public Map<String, Long> bytesOnDisk() {
        return Map.of("heap (estimate)", Math.max(0, usedHeapAfterGc() - heapBefore));
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Override
    public ReadView beginRead() {
        return new ReadView() {
            @Override
            public boolean contains(int i) {
                return quads.contains(new Q(data.g(i), data.s(i), data.p(i), data.o(i)));
            }

            @Override
            public long scanSubject(int i) {
                return count(bySubject.get(data.s(i)));
            }

            @Override
            public long scanPredicateObject(int i) {
                return count(byPredicateObject.get(new PO(data.p(i), data.o(i))));
            }

            @Override
            public long countAll() {
                long n = 0;
                for (Q q : quads) {
                    if (q != null) {
                        n++;
                    }
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Iterates the matches, as the stores' scans do. */
    private static long count(List<Q> matches) {
        if (matches == null) {
            return 0;
        }
        long n = 0;
        for (Q q : matches) {
            if (q != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        quads = null;
        bySubject = null;
        byPredicateObject = null;
        data = null;
    }
}
