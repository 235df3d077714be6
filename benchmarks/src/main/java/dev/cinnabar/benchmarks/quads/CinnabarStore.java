package dev.cinnabar.benchmarks.quads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * Cinnabar's {@link QuadStore} through its user API: {@code txnSize} quads per {@link WriteTxn}, each commit durable
 * (forced) when it returns. The load ends with {@link QuadStore#checkpoint()}, so that the bytes measured are the
 * compressed indexes rather than commit log and heap.
 */
public final class CinnabarStore implements StoreUnderTest {

    private Path dir;
    private QuadStore store;
    private Term[] g;
    private Term[] s;
    private Term[] p;
    private Term[] o;

    @Override
    public String name() {
        return "cinnabar";
    }

    @Override
    public Role role() {
        return Role.SUBJECT;
    }

    @Override
    public String describe() {
        return "Cinnabar QuadStore: AtomStore terms, six compressed LSM indexes, commit log; default options";
    }

    @Override
    public void open(Path directory) throws IOException {
        dir = directory;
        store = QuadStore.open(directory);
    }

    @Override
    public void prepare(QuadData data) {
        QuadData.Converted<Term> terms = data.convert(new QuadData.TermConverter<Term>() {
            @Override
            public Term defaultGraph() {
                return DefaultGraph.INSTANCE;
            }

            @Override
            public Term iri(String iri) {
                return new Iri(iri);
            }

            @Override
            public Term blankNode(String label) {
                return new BlankNode(label);
            }

            @Override
            public Term literal(String lexicalForm, String datatype, String language) {
                return language == null || language.isEmpty() ? Literal.typed(lexicalForm, new Iri(datatype))
                    : Literal.lang(lexicalForm, language);
            }
        }, Term[]::new);
        g = terms.g();
        s = terms.s();
        p = terms.p();
        o = terms.o();
    }

    @Override
    public void load(int txnSize) throws IOException {
        for (int from = 0; from < g.length; from += txnSize) {
            try (WriteTxn txn = store.beginWrite()) {
                for (int i = from, to = Math.min(g.length, from + txnSize); i < to; i++) {
                    txn.add(g[i], s[i], p[i], o[i]);
                }
                txn.commit();
            }
        }
        store.checkpoint();
    }

    @Override
    public Map<String, Long> bytesOnDisk() throws IOException {
        QuadStoreStats stats = store.stats();
        Map<String, Long> kinds = new LinkedHashMap<>();
        long indexes = 0;
        for (Map.Entry<String, Long> kind : stats.bytesOnDisk().entrySet()) {
            if (kind.getKey().startsWith("index.")) {
                indexes += kind.getValue();
            }
            if (!kind.getKey().equals("segments")) {
                kinds.put(kind.getKey(), kind.getValue());
            }
        }
        kinds.put("segment headers", stats.bytesOnDisk().get("segments") - indexes);
        return kinds;
    }

    @Override
    public ReadView beginRead() {
        ReadTxn read = store.beginRead();
        return new ReadView() {
            @Override
            public boolean contains(int i) {
                return read.contains(new Quad(g[i], s[i], p[i], o[i]));
            }

            @Override
            public long scanSubject(int i) {
                return walk(read.match(null, s[i], null, null));
            }

            @Override
            public long scanPredicateObject(int i) {
                return walk(read.match(null, null, p[i], o[i]));
            }

            @Override
            public long countAll() {
                return walk(read.match(null, null, null, null));
            }

            @Override
            public void close() {
                read.close();
            }
        };
    }

    /** Counts by visiting every decoded quad, as the peers' scans do. */
    private static long walk(Stream<Quad> quads) {
        long[] count = new long[1];
        try (quads) {
            quads.forEach(quad -> count[0]++);
        }
        return count[0];
    }

    @Override
    public void close() throws IOException {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
