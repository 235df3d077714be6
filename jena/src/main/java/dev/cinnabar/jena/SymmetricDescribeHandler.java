package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.describe.DescribeHandler;
import org.apache.jena.sparql.core.describe.DescribeHandlerFactory;
import org.apache.jena.sparql.core.describe.DescribeHandlerRegistry;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sys.JenaSystem;

/**
 * SPARQL DESCRIBE as a symmetric concise bounded description, the answer RDF4J's engine gives: the triples, in any
 * graph, with the resource as subject, closed over blank-node objects, and those with the resource as object,
 * closed over blank-node subjects. SPARQL leaves a description to the implementation (SPARQL 1.1, 16.4); ARQ's
 * default handler gives the outgoing half only.
 *
 * <p>Over a Cinnabar dataset the scans run on atom ids, inside the calling thread's transaction (or a short read
 * transaction): one id cursor per resource and direction, a triple held in several graphs decoded once, and only
 * the predicate and the other end decoded. Over any other dataset the same description is read through
 * {@code DatasetGraph.find}.
 *
 * <pre>{@code
 * SymmetricDescribeHandler.install();   // every DESCRIBE of this JVM
 * }</pre>
 */
public final class SymmetricDescribeHandler implements DescribeHandler {

    static {
        // Jena first: DescribeHandlerRegistry touched before any other Jena class fails to initialise ARQConstants.
        JenaSystem.init();
    }

    private Graph accumulated;
    private DatasetGraph dataset;

    private SymmetricDescribeHandler() {
    }

    /** A factory of these handlers, for {@link DescribeHandlerRegistry#add(DescribeHandlerFactory)}. */
    public static DescribeHandlerFactory factory() {
        return SymmetricDescribeHandler::new;
    }

    /** Makes this ARQ's only DESCRIBE handler in this JVM (the registry is global). */
    public static void install() {
        DescribeHandlerRegistry registry = DescribeHandlerRegistry.get();
        registry.clear();
        registry.add(factory());
    }

    @Override
    public void start(Model accumulateResultModel, Context context) {
        accumulated = accumulateResultModel.getGraph();
        Object current = context.get(ARQConstants.sysCurrentDataset);
        dataset = current instanceof Dataset d ? d.asDatasetGraph() : (DatasetGraph) current;
    }

    @Override
    public void describe(Resource resource) {
        Node node = resource.asNode();
        if (dataset instanceof StoreDatasetGraph store) {
            store.read(txn -> {
                long id = store.idOf(txn, node, false);
                if (id > 0) {
                    closeOnIds(store, txn, id, node, true, accumulated);
                    closeOnIds(store, txn, id, node, false, accumulated);
                }
                return null;
            });
        } else {
            closeOnNodes(dataset, node, true, accumulated);
            closeOnNodes(dataset, node, false, accumulated);
        }
    }

    /**
     * Adds the triples of {@code start} out ({@code outward}) or in, and of every blank node they reach at the far
     * end, to {@code out}. Duplicates of a triple in other graphs are adjacent in the cursor (the index that
     * answers it has the graph last), so they are skipped before decoding; any others the graph drops.
     */
    private static void closeOnIds(StoreDatasetGraph store, ThreadTxn txn, long start, Node startNode,
                                   boolean outward, Graph out) {
        LongArrayList queue = new LongArrayList();
        List<Node> queued = new ArrayList<>();
        LongHashSet seen = new LongHashSet();
        queue.addLong(start);
        queued.add(startNode);
        for (int i = 0; i < queue.size(); i++) {
            long focus = queue.getLong(i);
            Node focusNode = queued.get(i);
            QuadIdCursor cursor = outward ? txn.reader.matchIds(QuadStore.ANY, focus, QuadStore.ANY, QuadStore.ANY)
                : txn.reader.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, focus);
            long lastP = -1;
            long lastOther = -1;
            while (cursor.next()) {
                long p = cursor.predicate();
                long other = outward ? cursor.object() : cursor.subject();
                if (p == lastP && other == lastOther) {
                    continue;
                }
                lastP = p;
                lastOther = other;
                Node predicate = store.nodeOf(txn, p);
                Node otherNode = store.nodeOf(txn, other);
                out.add(outward ? Triple.create(focusNode, predicate, otherNode)
                    : Triple.create(otherNode, predicate, focusNode));
                if (otherNode.isBlank() && seen.add(other)) {
                    queue.addLong(other);
                    queued.add(otherNode);
                }
            }
        }
    }

    /** {@link #closeOnIds} through {@code find}, for datasets other than Cinnabar's. */
    private static void closeOnNodes(DatasetGraph dataset, Node start, boolean outward, Graph out) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            Node focus = queue.poll();
            Iterator<Quad> it = outward ? dataset.find(Node.ANY, focus, Node.ANY, Node.ANY)
                : dataset.find(Node.ANY, Node.ANY, Node.ANY, focus);
            while (it.hasNext()) {
                Quad quad = it.next();
                out.add(quad.asTriple());
                Node other = outward ? quad.getObject() : quad.getSubject();
                if (other.isBlank() && seen.add(other)) {
                    queue.add(other);
                }
            }
        }
    }

    @Override
    public void finish() {
        accumulated = null;
        dataset = null;
    }
}
