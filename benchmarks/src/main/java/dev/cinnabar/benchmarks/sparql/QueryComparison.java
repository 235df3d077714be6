package dev.cinnabar.benchmarks.sparql;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cinnabar's query results beside each peer's (TDB2, RDF4J), for any query set (the LUBM report's, the BSBM
 * report's): per-query row counts (which must agree), median times,
 * the ratio peer/Cinnabar (above 1: Cinnabar is faster), the totals, and whether the target holds: no query
 * slower than on any peer and the total at least {@value #TOTAL_TARGET}x faster than each peer's. A query that ran
 * out of time on a store ({@link QueryTiming#timedOut}) counts with its time limit, a lower bound: its times, the
 * ratios and totals it enters are printed with {@code >} or {@code <}, and its row count is not compared.
 */
public final class QueryComparison {

    /** Required ratio of the summed medians, each peer's over Cinnabar's. */
    public static final double TOTAL_TARGET = 3.0;

    /** The store every other is compared with. */
    public static final String CINNABAR = "cinnabar";

    /**
     * Cinnabar under another API (RDF4J's SPARQL engine on the store): a column with its ratio, but not a peer, so
     * it is in no verdict.
     */
    public static final Set<String> OURS = Set.of("cinnabar-rdf4j");

    private final List<String> queries;
    /** Every store but Cinnabar, in run order: the table's columns. */
    private final List<String> others;
    /** The others that are not {@link #OURS}: the verdicts' references. */
    private final List<String> peers;
    private final Map<String, Map<String, QueryTiming>> byStore;

    /**
     * Compares the stores' results; {@code byStore} must hold {@value #CINNABAR} and at least one peer. A query
     * missing on one store counts as a mismatch.
     */
    public QueryComparison(Map<String, Map<String, QueryTiming>> byStore) {
        if (!byStore.containsKey(CINNABAR) || byStore.size() < 2) {
            throw new IllegalArgumentException("need cinnabar and at least one peer, got " + byStore.keySet());
        }
        Set<String> names = new LinkedHashSet<>();
        byStore.values().forEach(side -> names.addAll(side.keySet()));
        this.queries = List.copyOf(names);
        this.byStore = new LinkedHashMap<>();
        byStore.forEach((store, side) -> this.byStore.put(store, Map.copyOf(side)));
        this.others = byStore.keySet().stream().filter(store -> !store.equals(CINNABAR)).toList();
        this.peers = others.stream().filter(store -> !OURS.contains(store)).toList();
    }

    /** Cinnabar beside TDB2 alone. */
    public QueryComparison(Map<String, QueryTiming> cinnabar, Map<String, QueryTiming> tdb2) {
        this(twoStores(cinnabar, tdb2));
    }

    private static Map<String, Map<String, QueryTiming>> twoStores(Map<String, QueryTiming> cinnabar,
                                                                   Map<String, QueryTiming> tdb2) {
        Map<String, Map<String, QueryTiming>> byStore = new LinkedHashMap<>();
        byStore.put(CINNABAR, cinnabar);
        byStore.put("tdb2", tdb2);
        return byStore;
    }

    /** The peers, in run order: the stores but Cinnabar and {@link #OURS}. */
    public List<String> peers() {
        return peers;
    }

    /** One line per query whose row counts differ between the stores (or that a store lacks); empty if none. */
    public List<String> countMismatches() {
        List<String> mismatches = new ArrayList<>();
        for (String query : queries) {
            Set<Long> counts = new LinkedHashSet<>();
            List<String> parts = new ArrayList<>();
            boolean missing = false;
            for (Map.Entry<String, Map<String, QueryTiming>> store : byStore.entrySet()) {
                QueryTiming timing = store.getValue().get(query);
                missing |= timing == null;
                if (timing != null && !timing.timedOut()) {
                    counts.add(timing.rows());
                }
                parts.add(store.getKey() + " " + (timing == null ? "no" : timing.timedOut() ? "timed-out"
                    : String.valueOf(timing.rows())) + " rows");
            }
            if (missing || counts.size() > 1) {
                mismatches.add(query + ": " + String.join(", ", parts));
            }
        }
        return mismatches;
    }

    /** Sum of {@code store}'s medians (ms) over the queries every store ran. */
    public double total(String store) {
        double sum = 0;
        for (String query : queries) {
            if (byStore.values().stream().allMatch(side -> side.containsKey(query))) {
                sum += byStore.get(store).get(query).median();
            }
        }
        return sum;
    }

    /** {@code peer}'s median over Cinnabar's for one query (above 1: Cinnabar faster); NaN if a side is missing. */
    public double ratio(String peer, String query) {
        QueryTiming c = byStore.get(CINNABAR).get(query);
        QueryTiming p = byStore.get(peer).get(query);
        return c == null || p == null ? Double.NaN : p.median() / c.median();
    }

    /** {@code peer}'s total over Cinnabar's. */
    public double totalRatio(String peer) {
        return total(peer) / total(CINNABAR);
    }

    /** The queries slower on Cinnabar than on at least one peer (ratio below 1). */
    public List<String> slowerOnCinnabar() {
        List<String> slower = new ArrayList<>();
        for (String query : queries) {
            if (peers.stream().anyMatch(peer -> ratio(peer, query) < 1.0)) {
                slower.add(query);
            }
        }
        return slower;
    }

    /** True if the counts agree, no query is slower on Cinnabar, and each peer's total ratio meets the target. */
    public boolean targetMet() {
        return !peers.isEmpty() && countMismatches().isEmpty() && slowerOnCinnabar().isEmpty()
            && peers.stream().allMatch(peer -> totalRatio(peer) >= TOTAL_TARGET);
    }

    /** The markdown table: query, results, then per store its ms and store/cinnabar; then totals. */
    public String table() {
        StringBuilder out = new StringBuilder("| query | results | cinnabar ms |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|");
        for (String peer : others) {
            out.append(' ').append(peer).append(" ms | ").append(peer).append("/cinnabar |");
            rule.append("---:|---:|");
        }
        out.append('\n').append(rule).append('\n');
        List<String> mismatches = countMismatches();
        for (String query : queries) {
            QueryTiming c = byStore.get(CINNABAR).get(query);
            boolean agree = mismatches.stream().noneMatch(m -> m.startsWith(query + ": "));
            String rows = !agree ? "**MISMATCH** " + counts(query) : String.format(Locale.ROOT, "%,d", rowsOf(query));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s |", query, rows, millis(c)));
            for (String peer : others) {
                QueryTiming p = byStore.get(peer).get(query);
                out.append(String.format(Locale.ROOT, " %s | %s |", millis(p),
                    bound(c, p) + ratioText(ratio(peer, query))));
            }
            out.append('\n');
        }
        String cinnabarTotal = (anyTimedOut(CINNABAR) ? "> " : "") + String.format(Locale.ROOT, "%.2f",
            total(CINNABAR));
        out.append(String.format(Locale.ROOT, "| **total** | | **%s** |", cinnabarTotal));
        for (String peer : others) {
            String bound = anyTimedOut(peer) && !anyTimedOut(CINNABAR) ? "> "
                : anyTimedOut(CINNABAR) && !anyTimedOut(peer) ? "< " : "";
            out.append(String.format(Locale.ROOT, " **%s%.2f** | **%s%s** |", anyTimedOut(peer) ? "> " : "",
                total(peer), bound, ratioText(totalRatio(peer))));
        }
        return out.append('\n').toString();
    }

    /** The row count of a store that finished {@code query}. */
    private long rowsOf(String query) {
        for (Map<String, QueryTiming> side : byStore.values()) {
            QueryTiming timing = side.get(query);
            if (timing != null && !timing.timedOut()) {
                return timing.rows();
            }
        }
        return QueryTiming.TIMED_OUT;
    }

    private boolean anyTimedOut(String store) {
        return byStore.get(store).values().stream().anyMatch(QueryTiming::timedOut);
    }

    /** "> " when the peer's time is only a lower bound, "< " when Cinnabar's is, else "". */
    private static String bound(QueryTiming cinnabar, QueryTiming peer) {
        if (cinnabar == null || peer == null || cinnabar.timedOut() == peer.timedOut()) {
            return "";
        }
        return peer.timedOut() ? "> " : "< ";
    }

    private String counts(String query) {
        List<String> counts = new ArrayList<>();
        for (Map<String, QueryTiming> side : byStore.values()) {
            QueryTiming timing = side.get(query);
            counts.add(timing == null ? "-" : timing.timedOut() ? "timed-out" : String.valueOf(timing.rows()));
        }
        return String.join(" / ", counts);
    }

    /** One paragraph: whether the target holds, and if not, why. */
    public String verdict() {
        List<String> slower = slowerOnCinnabar();
        StringBuilder out = new StringBuilder();
        if (!countMismatches().isEmpty()) {
            out.append("Result counts differ: ").append(countMismatches()).append(". ");
        }
        if (peers.isEmpty()) {
            return out.append("No peer in this run, so no verdict.").append(oursTotals()).toString();
        }
        out.append(targetMet() ? "Target met" : "Target NOT met").append(": ");
        out.append(slower.isEmpty() ? "no query slower on Cinnabar" : "slower on Cinnabar: " + describe(slower));
        List<String> totals = new ArrayList<>();
        for (String peer : peers) {
            String bound = anyTimedOut(peer) && !anyTimedOut(CINNABAR) ? "> "
                : anyTimedOut(CINNABAR) && !anyTimedOut(peer) ? "< " : "";
            totals.add(peer + " " + bound + ratioText(totalRatio(peer)));
        }
        out.append(String.format(Locale.ROOT, "; total %s (target at least %.0fx each).", String.join(", ", totals),
            TOTAL_TARGET));
        return out.append(oursTotals()).toString();
    }

    private String oursTotals() {
        StringBuilder out = new StringBuilder();
        for (String ours : others) {
            if (OURS.contains(ours)) {
                out.append(String.format(Locale.ROOT, " Not a peer, so in no verdict: %s total %s.", ours,
                    ratioText(totalRatio(ours))));
            }
        }
        return out.toString();
    }

    private String describe(List<String> slower) {
        List<String> parts = new ArrayList<>();
        for (String query : slower) {
            List<String> against = new ArrayList<>();
            for (String peer : peers) {
                if (ratio(peer, query) < 1.0) {
                    against.add(ratioText(ratio(peer, query)) + " " + peer);
                }
            }
            parts.add(query + " (" + String.join(", ", against) + ")");
        }
        return String.join(", ", parts);
    }

    private static String millis(QueryTiming timing) {
        return timing == null ? "-" : String.format(Locale.ROOT, "%s%.2f", timing.timedOut() ? "> " : "",
            timing.median());
    }

    private static String ratioText(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * Prints the stores' results to {@code out}: with Cinnabar and at least one peer, the comparison table, the
     * verdict and, loudly, any count mismatch; otherwise one plain table per store. False if the counts differ.
     *
     * @param tool the report's name, for the line on standard error
     */
    public static boolean print(Map<String, Map<String, QueryTiming>> results, String tool, PrintStream out) {
        if (!results.containsKey(CINNABAR) || results.size() < 2) {
            for (Map.Entry<String, Map<String, QueryTiming>> entry : results.entrySet()) {
                out.println("| query | results | " + entry.getKey() + " ms | min | max |");
                out.println("|---|---:|---:|---:|---:|");
                entry.getValue().values().forEach(t -> out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f |%n",
                    t.query(), t.rows(), t.median(), t.min(), t.max()));
            }
            return true;
        }
        QueryComparison comparison = new QueryComparison(results);
        out.print(comparison.table());
        out.println();
        out.println(comparison.verdict());
        List<String> mismatches = comparison.countMismatches();
        if (mismatches.isEmpty()) {
            return true;
        }
        out.println();
        out.println("!!!!!!!!!! RESULT COUNTS DIFFER BETWEEN THE STORES: THE RUN FAILED !!!!!!!!!!");
        mismatches.forEach(m -> out.println("!!! " + m));
        System.err.println(tool + ": result counts differ: " + mismatches);
        return false;
    }
}
