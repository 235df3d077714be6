package dev.cinnabar.jena;

import java.nio.file.Path;
import java.util.Collection;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.AbstractDatasetGraphFind;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jena's {@link AbstractDatasetGraphFind} over a store: the data is committed in a WRITE transaction and the
 * finds run in a READ transaction, so they read committed state through the shared node cache.
 */
class JenaDatasetGraphFindSuiteTest extends AbstractDatasetGraphFind {

    @TempDir
    Path temp;
    private OpenStores stores;

    @Override
    protected DatasetGraph create(Collection<Quad> data) {
        stores = new OpenStores(temp);
        DatasetGraph dsg = stores.fresh();
        Txn.executeWrite(dsg, () -> data.forEach(dsg::add));
        dsg.begin(TxnType.READ);
        return dsg;
    }

    @Override
    protected DatasetGraph create() {
        throw new UnsupportedOperationException("create(Collection) is used");
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.closeAll();
        }
    }
}
