package dev.cinnabar.benchmarks.quads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Jena TDB2 ({@code TDB2Factory.connectDataset}), default store parameters: for default-graph data the triple table
 * (indexes SPO, POS, OSP) is used; the six quad indexes exist but stay nearly empty. Writes go through
 * {@code DatasetGraph.add(g, s, p, o)} in {@code TxnType.WRITE} transactions, each commit durable (TDB2's journal).
 * The terms are the parser's Jena {@code Node}s themselves, so {@link #prepare} converts nothing.
 */
public final class Tdb2Store implements StoreUnderTest {

    private Dataset dataset;
    private DatasetGraph dsg;
    private QuadData data;
    private Path dir;

    @Override
    public String name() {
        return "tdb2";
    }

    @Override
    public Role role() {
        return Role.PEER;
    }

    @Override
    public String describe() {
        return "Jena TDB2 5.6.0, default StoreParams (triple indexes SPO,POS,OSP; quad indexes GSPO,GPOS,GOSP,"
            + "SPOG,POSG,OSPG), durable commits";
    }

    @Override
    public void open(Path directory) {
        this.dir = directory;
        dataset = TDB2Factory.connectDataset(Location.create(directory));
        dsg = dataset.asDatasetGraph();
    }

    @Override
    public void prepare(QuadData quads) {
        this.data = quads;
    }

    @Override
    public void load(int txnSize) {
        int n = data.size();
        for (int start = 0; start < n; start += txnSize) {
            int end = Math.min(n, start + txnSize);
            dataset.begin(TxnType.WRITE);
            try {
                for (int i = start; i < end; i++) {
                    dsg.add(data.g(i), data.s(i), data.p(i), data.o(i));
                }
                dataset.commit();
            } finally {
                dataset.end();
            }
        }
    }

    @Override
    public Map<String, Long> bytesOnDisk() throws IOException {
        return StoreFiles.bytesByKind(dir, StoreFiles::baseName);
    }

    @Override
    public ReadView beginRead() {
        dataset.begin(TxnType.READ);
        return new ReadView() {
            @Override
            public boolean contains(int i) {
                return dsg.contains(data.g(i), data.s(i), data.p(i), data.o(i));
            }

            @Override
            public long scanSubject(int i) {
                return count(dsg.find(Node.ANY, data.s(i), Node.ANY, Node.ANY));
            }

            @Override
            public long scanPredicateObject(int i) {
                return count(dsg.find(Node.ANY, Node.ANY, data.p(i), data.o(i)));
            }

            @Override
            public long countAll() {
                return count(dsg.find());
            }

            @Override
            public void close() {
                dataset.end();
            }
        };
    }

    private static long count(Iterator<Quad> it) {
        long n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        if (dsg != null) {
            // Not a user call, but a one-JVM benchmark has to release the location: a closed TDB2 dataset stays in
            // Jena's connection cache (with its node caches and file mappings) until it is expelled.
            TDBInternal.expel(dsg);
            dsg = null;
            dataset = null;
        }
        data = null;
    }
}
