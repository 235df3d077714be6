package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * A full check of a quad store ({@link QuadStore#verify()}): the atom store's own check, every segment block's
 * checksum and order, every atom decoding as a term, and the six indexes agreeing: each holds the same quads (same
 * count and the same order-independent fingerprint), as many as the store counts, every id an atom of a kind
 * allowed at its position; and the statistics the commit recorded equal to those counted from the indexes.
 */
final class StoreVerifier {

    private static final int MAX_PROBLEMS = 100;
    private static final Iri PLACEHOLDER_IRI = new Iri("urn:cinnabar:verify");

    private final AtomStore atoms;
    private final Memtable memtable;
    private final List<Segment> segments;
    private final long quadCount;
    private final StoreStatistics statistics;
    private final long typeId;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    StoreVerifier(AtomStore atoms, Memtable memtable, List<Segment> segments, long quadCount,
        StoreStatistics statistics, long typeId) {
        this.atoms = atoms;
        this.memtable = memtable;
        this.segments = segments;
        this.quadCount = quadCount;
        this.statistics = statistics;
        this.typeId = typeId;
    }

    /** What was checked, one line each; throws {@link CorruptStoreException} listing every problem found. */
    List<String> run() throws IOException {
        List<String> checked = new ArrayList<>();
        try {
            atoms.verify();
        } catch (CorruptStoreException e) {
            e.problems().forEach(this::report);
        }
        long atomCount = atoms.committedSize();
        checked.add("atom store: " + atomCount + " atoms, checksums, records and hash index");
        for (Segment segment : segments) {
            try {
                segment.verify();
            } catch (IOException | UncheckedIOException e) {
                report(e.getMessage());
            }
        }
        checked.add(segments.size() + " segments: every block's checksum and order");
        byte[] kinds = decodeEveryAtom(atomCount);
        checked.add("every atom decodes as a term");
        long[] counts = new long[IndexOrder.values().length];
        long[] sums = new long[counts.length];
        long[] xors = new long[counts.length];
        long[] quad = new long[4];
        for (IndexOrder order : IndexOrder.values()) {
            int o = order.ordinal();
            long[] key = new long[4];
            try {
                EntryCursor quads = StatisticsUpdate.committed(memtable, segments, order);
                while (quads.next()) {
                    for (int position = 0; position < 4; position++) {
                        key[position] = quads.key(position);
                    }
                    order.toQuad(key, quad);
                    counts[o]++;
                    long mix = fingerprint(quad);
                    sums[o] += mix;
                    xors[o] ^= mix;
                    if (order == IndexOrder.GSPO) {
                        checkPositions(quad, atomCount, kinds);
                    }
                }
            } catch (UncheckedIOException e) {
                report(e.getMessage());
            }
        }
        for (IndexOrder order : IndexOrder.values()) {
            int o = order.ordinal();
            if (counts[o] != quadCount) {
                report("index " + order + " holds " + counts[o] + " quads, the store counts " + quadCount);
            }
            if (sums[o] != sums[0] || xors[o] != xors[0]) {
                report("index " + order + " holds other quads than index " + IndexOrder.values()[0]);
            }
        }
        checked.add("6 indexes agree: " + quadCount + " quads each, same fingerprint, ids of allowed kinds");
        try {
            String difference = statistics.differenceFrom(StatisticsUpdate.count(memtable, segments, typeId));
            if (difference != null) {
                report("the statistics disagree with the indexes: " + difference);
            }
        } catch (IOException e) {
            report(e.getMessage());
        }
        checked.add("statistics: quads per graph, per predicate (with distinct subjects and objects) and per class "
            + "agree with the indexes");
        if (problemCount > MAX_PROBLEMS) {
            problems.add("... and " + (problemCount - MAX_PROBLEMS) + " more problems");
        }
        if (!problems.isEmpty()) {
            throw new CorruptStoreException(problems);
        }
        return checked;
    }

    /** The kind byte of every atom (index = id), after decoding each as a term. */
    private byte[] decodeEveryAtom(long atomCount) {
        if (atomCount >= Integer.MAX_VALUE) {
            report("more atoms than this check can hold: " + atomCount);
            return new byte[0];
        }
        byte[] kinds = new byte[(int) atomCount + 1];
        TermCodec codec = new TermCodec();
        UnsafeBuffer view = new UnsafeBuffer(0, 0);
        UnsafeBuffer refView = new UnsafeBuffer(0, 0);
        for (long id = 1; id <= atomCount; id++) {
            long owner = id;
            try {
                atoms.wrapAtom(id, view);
                kinds[(int) id] = view.capacity() > 0 ? view.getByte(0) : 0;
                codec.decode(view, 0, view.capacity(), ref -> {
                    if (ref < 1 || ref > atomCount) {
                        throw new IllegalArgumentException("names atom " + ref + " of " + atomCount);
                    }
                    atoms.wrapAtom(ref, refView);
                    byte kind = refView.capacity() > 0 ? refView.getByte(0) : 0;
                    if (kind == TermCodec.KIND_TRIPLE_TERM && ref >= owner) {
                        // components are interned before their triple term: a later one would allow a cycle
                        throw new IllegalArgumentException("names the triple term atom " + ref + ", which is not"
                            + " older than itself");
                    }
                    return placeholder(kind); // the atom itself is checked in its own turn
                });
            } catch (RuntimeException e) {
                report("atom " + id + " does not decode: " + e.getMessage());
            }
        }
        return kinds;
    }

    /**
     * A term of the kind {@code kind}, standing in for a named atom: the codec then checks that a triple term's
     * components and a literal's datatype are of kinds their positions allow.
     */
    private static Term placeholder(byte kind) {
        switch (kind) {
            case TermCodec.KIND_IRI:
                return PLACEHOLDER_IRI;
            case TermCodec.KIND_BLANK_NODE:
                return new BlankNode("verify");
            case TermCodec.KIND_STRING:
            case TermCodec.KIND_LANG_STRING:
            case TermCodec.KIND_TYPED:
            case TermCodec.KIND_DIR_LANG_STRING:
                return Literal.of("verify");
            case TermCodec.KIND_TRIPLE_TERM:
                return new TripleTerm(PLACEHOLDER_IRI, PLACEHOLDER_IRI, PLACEHOLDER_IRI);
            default:
                return DefaultGraph.INSTANCE; // a position that allows none of these
        }
    }

    private void checkPositions(long[] quad, long atomCount, byte[] kinds) {
        for (int c = 0; c < 4; c++) {
            if (quad[c] < 1 || quad[c] > atomCount) {
                report("quad " + java.util.Arrays.toString(quad) + " names atom " + quad[c] + " of " + atomCount);
                return;
            }
        }
        if (kinds.length == 0) {
            return;
        }
        byte g = kinds[(int) quad[0]];
        byte s = kinds[(int) quad[1]];
        byte p = kinds[(int) quad[2]];
        byte o = kinds[(int) quad[3]];
        boolean graphOk = g == TermCodec.KIND_IRI || g == TermCodec.KIND_BLANK_NODE || g == TermCodec.KIND_DEFAULT_GRAPH;
        boolean subjectOk = s == TermCodec.KIND_IRI || s == TermCodec.KIND_BLANK_NODE;
        boolean objectOk = o != TermCodec.KIND_DEFAULT_GRAPH;
        if (!graphOk || !subjectOk || p != TermCodec.KIND_IRI || !objectOk) {
            report("quad " + java.util.Arrays.toString(quad) + " has a term of a kind its position does not allow");
        }
    }

    private static long fingerprint(long[] quad) {
        long h = quad[0] * 0x9E3779B97F4A7C15L;
        h = Long.rotateLeft(h ^ quad[1], 23) * 0xC2B2AE3D27D4EB4FL;
        h = Long.rotateLeft(h ^ quad[2], 29) * 0x165667B19E3779F9L;
        h = Long.rotateLeft(h ^ quad[3], 31) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void report(String problem) {
        if (problemCount++ < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
