package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aborted write transaction discards the atoms it interned, and the store reuses their ids for the next new
 * terms. Nodes cached by id during the aborted transaction must not come back for those other terms.
 */
class NodeCacheRollbackTest {

    private static final Node G = NodeFactory.createURI("http://example/g");
    private static final Node P = NodeFactory.createURI("http://example/p");

    @TempDir
    Path temp;
    private OpenStores stores;
    private DatasetGraph dsg;

    @BeforeEach
    void open() {
        stores = new OpenStores(temp);
        dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> dsg.add(G, P, P, P));
    }

    @AfterEach
    void close() {
        stores.closeAll();
    }

    private static Quad quad(String subject, String object) {
        return Quad.create(G, NodeFactory.createURI("http://example/" + subject), P,
            NodeFactory.createLiteralString(object));
    }

    @Test
    void idsReusedAfterAbortDecodeToTheNewTerms() {
        Quad aborted = quad("aborted-s", "aborted-o");
        Quad committed = quad("committed-s", "committed-o");
        dsg.begin(TxnType.WRITE);
        dsg.add(aborted);
        assertEquals(List.of(aborted), Iter.toList(dsg.find(G, aborted.getSubject(), P, Node.ANY)),
            "decoded (and cached) inside the transaction");
        dsg.abort();
        dsg.end();

        Txn.executeWrite(dsg, () -> dsg.add(committed));

        List<Quad> found = Txn.calculateRead(dsg, () -> Iter.toList(dsg.find(G, Node.ANY, P, Node.ANY)));
        assertTrue(found.contains(committed), () -> "found: " + found);
        assertFalse(found.contains(aborted), () -> "found: " + found);
        assertEquals(2, found.size(), () -> "found: " + found);
        assertFalse(Txn.calculateRead(dsg, () -> dsg.contains(aborted)), "the aborted node must not map to an id");
        assertTrue(Txn.calculateRead(dsg, () -> dsg.contains(committed)));
    }

    @Test
    void nodesCachedInACommittedWriteStayValid() {
        Quad added = quad("s", "o");
        Txn.executeWrite(dsg, () -> {
            dsg.add(added);
            assertTrue(dsg.contains(added));
        });
        dsg.begin(TxnType.WRITE);
        dsg.add(quad("later", "aborted"));
        dsg.abort();
        dsg.end();
        assertEquals(List.of(added), Txn.calculateRead(dsg, () -> Iter.toList(dsg.find(G, added.getSubject(), P,
            Node.ANY))));
    }
}
