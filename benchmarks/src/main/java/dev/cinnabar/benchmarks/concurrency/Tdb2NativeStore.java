package dev.cinnabar.benchmarks.concurrency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;

import dev.cinnabar.benchmarks.sparql.QueryTarget;

/**
 * Jena TDB2 through its {@link DatasetGraph}: READ transactions for the queries, WRITE transactions for the writes
 * (TDB2 commits are durable). Loaded by TDB2's parallel bulk loader ({@link QueryTarget}).
 */
final class Tdb2NativeStore implements ConcurrentStore {

    private final QueryTarget target;
    private final DatasetGraph dsg;

    private Tdb2NativeStore(QueryTarget target) {
        this.target = target;
        this.dsg = target.dataset();
    }

    /** Bulk-loads {@code data} into a new TDB2 database in the empty directory {@code dir}. */
    static Tdb2NativeStore load(Path dir, Path data) throws IOException {
        return new Tdb2NativeStore(QueryTarget.load("tdb2", dir, List.of(data)));
    }

    /** The dataset, for serving it with Fuseki. */
    DatasetGraph dataset() {
        return dsg;
    }

    @Override
    public String name() {
        return "tdb2";
    }

    @Override
    public String describe() {
        return "Jena TDB2 5.6.0, default StoreParams, DatasetGraph READ/WRITE transactions";
    }

    @Override
    public long smallQuery(String subjectIri) {
        Node s = NodeFactory.createURI(subjectIri);
        return Txn.calculateRead(dsg, () -> count(dsg.find(Quad.defaultGraphIRI, s, Node.ANY, Node.ANY)));
    }

    @Override
    public void update(long seq) {
        Txn.executeWrite(dsg, () -> dsg.add(Quad.defaultGraphIRI, NodeFactory.createURI(Workload.updateSubject(seq)),
            NodeFactory.createURI(Workload.UPDATE_PREDICATE), NodeFactory.createLiteralString(Workload.updateObject(seq))));
    }

    @Override
    public long longQuery(int passes) {
        return Txn.calculateRead(dsg, () -> {
            long visited = 0;
            for (int i = 0; i < passes; i++) {
                visited += count(dsg.find(Quad.defaultGraphIRI, Node.ANY, Node.ANY, Node.ANY));
            }
            return visited;
        });
    }

    @Override
    public void write(String graphIri, long first, int count) {
        Node graph = NodeFactory.createURI(graphIri);
        Txn.executeWrite(dsg, () -> {
            for (long i = first; i < first + count; i++) {
                dsg.add(graph, NodeFactory.createURI(Workload.writeSubject(i)),
                    NodeFactory.createURI(Workload.writePredicate(i)),
                    NodeFactory.createLiteralString(Workload.writeObject(i)));
            }
        });
    }

    private static long count(Iterator<Quad> quads) {
        return Iter.count(quads);
    }

    @Override
    public void close() {
        target.close();
    }
}
