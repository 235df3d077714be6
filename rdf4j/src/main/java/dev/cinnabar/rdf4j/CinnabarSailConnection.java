package dev.cinnabar.rdf4j;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.query.algebra.evaluation.EvaluationStrategyFactory;
import org.eclipse.rdf4j.sail.base.SailSourceConnection;
import org.eclipse.rdf4j.sail.base.SailStore;
import org.eclipse.rdf4j.sail.helpers.DefaultSailChangedEvent;

/**
 * A connection: RDF4J's {@link SailSourceConnection} (transaction branches, SPARQL evaluation, update) over the
 * store, plus the sail-changed event that {@link org.eclipse.rdf4j.sail.NotifyingSail} listeners get at commit.
 */
final class CinnabarSailConnection extends SailSourceConnection {

    private final CinnabarSail sail;
    private volatile DefaultSailChangedEvent event;

    CinnabarSailConnection(CinnabarSail sail, SailStore store, EvaluationStrategyFactory strategies) {
        super(sail, store, strategies);
        this.sail = sail;
        this.event = new DefaultSailChangedEvent(sail);
    }

    @Override
    protected void addStatementInternal(Resource subj, IRI pred, Value obj, Resource... contexts) {
        event.setStatementsAdded(true);
    }

    @Override
    protected void removeStatementsInternal(Resource subj, IRI pred, Value obj, Resource... contexts) {
        event.setStatementsRemoved(true);
    }

    @Override
    protected void clearInternal(Resource... contexts) {
        super.clearInternal(contexts);
        event.setStatementsRemoved(true);
    }

    @Override
    protected void commitInternal() {
        super.commitInternal();
        DefaultSailChangedEvent committed = event;
        event = new DefaultSailChangedEvent(sail);
        sail.changed(committed);
    }

    @Override
    protected void rollbackInternal() {
        super.rollbackInternal();
        event = new DefaultSailChangedEvent(sail);
    }
}
