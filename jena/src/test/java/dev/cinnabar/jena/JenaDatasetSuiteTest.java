package dev.cinnabar.jena;

import java.nio.file.Path;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.AbstractTestDataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Jena's {@link AbstractTestDataset} (the model-level API) over a fresh store, in one WRITE transaction per test. */
class JenaDatasetSuiteTest extends AbstractTestDataset {

    @TempDir
    Path temp;
    private OpenStores stores;

    @Override
    protected Dataset createDataset() {
        stores = new OpenStores(temp);
        DatasetGraph dsg = stores.fresh();
        dsg.begin(TxnType.WRITE);
        return DatasetFactory.wrap(dsg);
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.closeAll();
        }
    }
}
