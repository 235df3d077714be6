package dev.cinnabar.quadstore;

import java.util.SortedMap;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/** The reads both transactions share, all answered by their {@link TxnView}. */
abstract sealed class TxnReads implements QuadReader permits ReadTxn, WriteTxn {

    final TxnView view;

    TxnReads(TxnView view) {
        this.view = view;
    }

    @Override
    public Stream<Quad> match(Term graph, Term subject, Term predicate, Term object) {
        return view.match(graph, subject, predicate, object);
    }

    @Override
    public boolean contains(Quad quad) {
        return view.contains(quad);
    }

    @Override
    public long count(Term graph, Term subject, Term predicate, Term object) {
        return view.count(graph, subject, predicate, object);
    }

    @Override
    public long termId(Term term) {
        return view.termId(term);
    }

    @Override
    public Term term(long id) {
        return view.term(id);
    }

    @Override
    public long commitSequence() {
        return view.commitSequence();
    }

    @Override
    public StoreStatistics statistics() {
        return view.statistics();
    }

    @Override
    public SortedMap<String, String> metadata() {
        return view.metadata();
    }

    @Override
    public PatternEstimate estimate(long graph, long subject, long predicate, long object) {
        return view.estimate(graph, subject, predicate, object);
    }

    @Override
    public QuadIdCursor matchIds(long graph, long subject, long predicate, long object) {
        return view.matchIds(graph, subject, predicate, object);
    }
}
