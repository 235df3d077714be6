package dev.cinnabar.jena;

import java.nio.file.Path;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.AbstractDatasetGraphTests;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jena's {@link AbstractDatasetGraphTests} over a fresh store. The suite changes the dataset without transactions,
 * so each test runs inside one WRITE transaction, aborted afterwards (as TDB2 runs this suite).
 */
class JenaDatasetGraphSuiteTest extends AbstractDatasetGraphTests {

    @TempDir
    Path temp;
    private OpenStores stores;

    @Override
    protected DatasetGraph emptyDataset() {
        stores = new OpenStores(temp);
        DatasetGraph dsg = stores.fresh();
        dsg.begin(TxnType.WRITE);
        return dsg;
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.closeAll();
        }
    }
}
