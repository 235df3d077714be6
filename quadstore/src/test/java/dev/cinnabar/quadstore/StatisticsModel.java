package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/** The statistics of a set of quads counted naively, to check {@link QuadReader#statistics()} against (tests). */
final class StatisticsModel {

    private StatisticsModel() {
    }

    /** Fails unless {@code reader}'s statistics are exactly those of {@code model}, the quads it reads. */
    static void check(QuadReader reader, Collection<Quad> model, String where) {
        StoreStatistics statistics = reader.statistics();
        Map<Term, Long> graphs = new HashMap<>();
        Map<Term, Long> predicates = new HashMap<>();
        Map<Term, Set<Term>> subjects = new HashMap<>();
        Map<Term, Set<Term>> objects = new HashMap<>();
        Map<Term, Long> classes = new HashMap<>();
        for (Quad quad : model) {
            graphs.merge(quad.graph(), 1L, Long::sum);
            predicates.merge(quad.predicate(), 1L, Long::sum);
            subjects.computeIfAbsent(quad.predicate(), p -> new HashSet<>()).add(quad.subject());
            objects.computeIfAbsent(quad.predicate(), p -> new HashSet<>()).add(quad.object());
            if (quad.predicate().equals(Iri.RDF_TYPE)) {
                classes.merge(quad.object(), 1L, Long::sum);
            }
        }
        assertEquals(model.size(), statistics.quads(), where + ": quads");
        assertArrayEquals(ids(reader, graphs.keySet()), statistics.graphIds(), where + ": graphs");
        assertArrayEquals(ids(reader, predicates.keySet()), statistics.predicateIds(), where + ": predicates");
        assertArrayEquals(ids(reader, classes.keySet()), statistics.classIds(), where + ": classes");
        graphs.forEach((g, n) -> assertEquals(n, statistics.graphQuads(reader.termId(g)), where + ": graph " + g));
        predicates.forEach((p, n) -> {
            long id = reader.termId(p);
            assertEquals(n, statistics.predicateQuads(id), where + ": quads of " + p);
            assertEquals(subjects.get(p).size(), statistics.distinctSubjects(id), where + ": subjects of " + p);
            assertEquals(objects.get(p).size(), statistics.distinctObjects(id), where + ": objects of " + p);
        });
        classes.forEach((c, n) -> assertEquals(n, statistics.classQuads(reader.termId(c)), where + ": class " + c));
    }

    private static long[] ids(QuadReader reader, Set<Term> terms) {
        TreeSet<Long> ids = new TreeSet<>();
        for (Term term : terms) {
            ids.add(reader.termId(term));
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
