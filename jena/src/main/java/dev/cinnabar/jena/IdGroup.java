package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.agrona.collections.LongHashSet;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.core.VarExprList;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.aggregate.AggCount;
import org.apache.jena.sparql.expr.aggregate.AggCountVar;
import org.apache.jena.sparql.expr.aggregate.AggCountVarDistinct;
import org.apache.jena.sparql.expr.aggregate.Aggregator;
import org.apache.jena.sparql.serializer.SerializationContext;

import dev.cinnabar.quadstore.QuadStore;

/**
 * GROUP BY variables with COUNT aggregates, on ids: rows are grouped by the tuple of their group variables' ids
 * (an id is one term, so equal tuples are equal keys) and counted without decoding; {@code COUNT(DISTINCT ?x)}
 * keeps the set of ?x's ids per group. Qualifies ({@link #counts}): group keys that are plain variables, and
 * aggregates {@code COUNT(*)}, {@code COUNT(?x)} (rows where ?x is bound: a variable is never an error) and
 * {@code COUNT(DISTINCT ?x)}. {@code COUNT(DISTINCT *)}, expressions and every other aggregate stay ARQ's.
 *
 * <p>As SPARQL's grouping: an unbound group variable is a key value of its own and stays unbound in the group's
 * row; without group variables there is one group even with no rows (its counts 0); with them, no rows make no
 * groups. A value the store does not hold (from VALUES) gets a run-local negative id, as in {@link IdDistinct}.
 */
final class IdGroup extends LookAheadIterator {

    private final TxnIds scope;
    private final Var[] keys;
    private final Var[] outputs;
    /** Per aggregate: the counted variable, or null for COUNT(*). */
    private final Var[] counted;
    private final boolean[] distinct;
    /** Values the store does not hold, by node: -2, -3, ... (-1 is {@link QuadStore#NO_ID}). */
    private final Map<Node, Long> unstored = new HashMap<>();
    private final Map<Long, Node> unstoredNodes = new HashMap<>();
    private Iterator<Map.Entry<IdTuple, Counts>> groups;

    /** One group's counts, and the distinct ids of each COUNT(DISTINCT ?x). */
    private static final class Counts {
        final long[] counts;
        final LongHashSet[] seen;

        Counts(boolean[] distinct) {
            counts = new long[distinct.length];
            seen = new LongHashSet[distinct.length];
            for (int i = 0; i < distinct.length; i++) {
                seen[i] = distinct[i] ? new LongHashSet() : null;
            }
        }
    }

    private IdGroup(QueryIterator input, TxnIds scope, Var[] keys, Var[] outputs, Var[] counted, boolean[] distinct,
                    ExecutionContext execCxt) {
        super(input, execCxt);
        this.scope = scope;
        this.keys = keys;
        this.outputs = outputs;
        this.counted = counted;
        this.distinct = distinct;
    }

    /**
     * {@code group} on ids over the rows {@code input} gives (asked for only if it qualifies), or null if a key or
     * an aggregate does not qualify.
     */
    static IdGroup counts(OpGroup group, Supplier<QueryIterator> input, TxnIds scope, ExecutionContext execCxt) {
        VarExprList groupVars = group.getGroupVars();
        if (!groupVars.getExprs().isEmpty()) {
            return null;
        }
        List<ExprAggregator> aggregators = group.getAggregators();
        if (aggregators.isEmpty() && groupVars.getVars().isEmpty()) {
            return null;
        }
        int n = aggregators.size();
        Var[] outputs = new Var[n];
        Var[] counted = new Var[n];
        boolean[] distinct = new boolean[n];
        for (int i = 0; i < n; i++) {
            Aggregator aggregator = aggregators.get(i).getAggregator();
            outputs[i] = aggregators.get(i).getVar();
            if (aggregator instanceof AggCount) {
                continue;
            }
            if (!(aggregator instanceof AggCountVar) && !(aggregator instanceof AggCountVarDistinct)) {
                return null;
            }
            Expr expr = aggregator.getExprList().get(0);
            if (!expr.isVariable()) {
                return null;
            }
            counted[i] = expr.asVar();
            distinct[i] = aggregator instanceof AggCountVarDistinct;
        }
        return new IdGroup(input.get(), scope, groupVars.getVars().toArray(new Var[0]), outputs, counted, distinct,
            execCxt);
    }

    @Override
    Binding findNext() {
        if (groups == null) {
            groups = group().entrySet().iterator();
        }
        if (!groups.hasNext()) {
            return null;
        }
        Map.Entry<IdTuple, Counts> entry = groups.next();
        return row(entry.getKey().ids(), entry.getValue());
    }

    /** Reads every input row into its group, in the order the groups first appear. */
    private Map<IdTuple, Counts> group() {
        Map<IdTuple, Counts> found = new LinkedHashMap<>();
        if (keys.length == 0) {
            found.put(new IdTuple(new long[0]), new Counts(distinct));
        }
        QueryIterator input = getInput();
        while (input != null && input.hasNext()) {
            Binding row = input.nextBinding();
            long[] key = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                key[i] = id(row, keys[i]);
            }
            Counts counts = found.computeIfAbsent(new IdTuple(key), k -> new Counts(distinct));
            for (int i = 0; i < counted.length; i++) {
                if (counted[i] == null) {
                    counts.counts[i]++;
                } else if (distinct[i]) {
                    long id = id(row, counted[i]);
                    if (id != QuadStore.ANY) {
                        counts.seen[i].add(id);
                    }
                } else if (row.contains(counted[i])) {
                    counts.counts[i]++;
                }
            }
        }
        return found;
    }

    /** The id of {@code var} in {@code row}: {@link QuadStore#ANY} if unbound, run-local if not stored. */
    private long id(Binding row, Var var) {
        long id = IdBinding.idOf(row, var, scope, false);
        if (id == IdBinding.UNBOUND) {
            return QuadStore.ANY;
        }
        if (id < 0) {
            Node node = row.get(var);
            id = unstored.computeIfAbsent(node, n -> -2L - unstored.size());
            unstoredNodes.put(id, node);
        }
        return id;
    }

    /** A group's row: its counts, the key's unstored values as nodes, the stored ones as ids over them. */
    private Binding row(long[] key, Counts counts) {
        BindingBuilder plain = Binding.builder(BindingFactory.root());
        for (int i = 0; i < outputs.length; i++) {
            long count = distinct[i] ? counts.seen[i].size() : counts.counts[i];
            plain.add(outputs[i], NodeValue.makeInteger(count).asNode());
        }
        List<Var> idVars = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (key[i] < 0) {
                plain.add(keys[i], unstoredNodes.get(key[i]));
            } else if (key[i] != QuadStore.ANY) {
                idVars.add(keys[i]);
                ids.add(key[i]);
            }
        }
        Binding parent = plain.build();
        if (idVars.isEmpty()) {
            return parent;
        }
        return new IdBinding(parent, scope, idVars.toArray(new Var[0]), ids.stream().mapToLong(Long::longValue)
            .toArray());
    }

    @Override
    protected void requestSubCancel() {
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdGroup " + List.of(keys) + " " + outputs.length + " counts");
    }
}
