package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * Everything a store answers, read in full: every quad (a full scan), the quads and count of each predicate and
 * graph (other index orders), a point lookup of every quad, the term of every atom id, and the id of every term
 * looked up by its bytes (the hash index). Two stores that agree on all of it answer every query alike.
 */
record Answers(Set<String> quads, List<String> terms, TreeMap<String, Long> patternCounts, long lookupMisses,
    long idMismatches) {

    /** Reads {@code store} in full; {@code expectedTerms} are looked up by value (null: skip lookups). */
    static Answers read(QuadStore store, List<Term> expectedTerms) throws IOException {
        long atoms = store.stats().atoms();
        try (ReadTxn read = store.beginRead()) {
            Set<String> quads = new TreeSet<>();
            List<Quad> all = new ArrayList<>();
            try (Stream<Quad> stream = read.match(null, null, null, null)) {
                stream.forEach(quad -> {
                    quads.add(quad.toString());
                    all.add(quad);
                });
            }
            // A count per bound term and per (graph, term) pair reads every index order: s SPOG, p POSG, o OSPG,
            // g GSPO, g+p GPOS, g+o GOSP.
            TreeMap<String, Long> counts = new TreeMap<>();
            java.util.Map<String, Quad> examples = new java.util.HashMap<>();
            for (Quad quad : all) {
                examples.putIfAbsent("s\t" + quad.subject(), quad);
                examples.putIfAbsent("p\t" + quad.predicate(), quad);
                examples.putIfAbsent("o\t" + quad.object(), quad);
                examples.putIfAbsent("g\t" + quad.graph(), quad);
                examples.putIfAbsent("gp\t" + quad.graph() + quad.predicate(), quad);
                examples.putIfAbsent("go\t" + quad.graph() + quad.object(), quad);
            }
            for (var entry : new TreeMap<>(examples).entrySet()) {
                Quad q = entry.getValue();
                long count = switch (entry.getKey().substring(0, entry.getKey().indexOf('\t'))) {
                    case "s" -> read.count(null, q.subject(), null, null);
                    case "p" -> read.count(null, null, q.predicate(), null);
                    case "o" -> read.count(null, null, null, q.object());
                    case "g" -> read.count(q.graph(), null, null, null);
                    case "gp" -> read.count(q.graph(), null, q.predicate(), null);
                    default -> read.count(q.graph(), null, null, q.object());
                };
                counts.put(entry.getKey(), count);
            }
            long misses = 0;
            for (Quad quad : all) {
                if (!read.contains(quad)) {
                    misses++;
                }
            }
            List<String> terms = new ArrayList<>();
            for (long id = 1; id <= atoms; id++) {
                terms.add(read.term(id).toString());
            }
            long mismatches = 0;
            if (expectedTerms != null) {
                for (int i = 0; i < expectedTerms.size(); i++) {
                    if (read.termId(expectedTerms.get(i)) != i + 1) {
                        mismatches++;
                    }
                }
            }
            return new Answers(quads, terms, counts, misses, mismatches);
        }
    }

    /** The terms of atoms 1..n of {@code store}, as values, for {@link #read}'s lookups. */
    static List<Term> termsOf(QuadStore store) throws IOException {
        long atoms = store.stats().atoms();
        List<Term> terms = new ArrayList<>();
        try (ReadTxn read = store.beginRead()) {
            for (long id = 1; id <= atoms; id++) {
                terms.add(read.term(id));
            }
        }
        return terms;
    }
}
