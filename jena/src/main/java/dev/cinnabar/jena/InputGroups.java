package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIter1;
import org.apache.jena.sparql.serializer.SerializationContext;

/**
 * Input rows of a basic graph pattern grouped by the ids of the variables the pattern uses: the pattern runs once
 * per group (on its first row) and each solution is given to every row of the group. Rows that differ only in
 * variables the pattern never reads (the other VALUES tables ARQ puts in front of it: q09's VALUES form feeds its
 * four-pattern join 2 x 10 x 3 rows that differ in one variable it reads) then cost one run, not one each.
 */
final class InputGroups extends QueryIter1 {

    /** Input rows read ahead to group; more than this and the rows stream through ungrouped. */
    static final int MAX_GROUPED_ROWS = 4096;

    private final Map<Binding, List<Binding>> groups;
    private Binding solution;
    private List<Binding> rows;
    private int index;

    private InputGroups(QueryIterator solutions, Map<Binding, List<Binding>> groups, ExecutionContext execCxt) {
        super(solutions, execCxt);
        this.groups = groups;
    }

    /**
     * The rows grouped by the ids of {@code used} (each row's first-seen group keeps its order): the map from each
     * group's first row to the group's rows, or null if grouping saves nothing (every row its own group).
     */
    static Map<Binding, List<Binding>> group(List<Binding> rows, List<Var> used, Node graphVar, TxnIds scope) {
        Map<IdTuple, Binding> firstOfKey = new HashMap<>();
        Map<Binding, List<Binding>> groups = new IdentityHashMap<>();
        for (Binding row : rows) {
            long[] ids = new long[used.size()];
            for (int i = 0; i < ids.length; i++) {
                Var var = used.get(i);
                ids[i] = IdBinding.idOf(row, var, scope, var.equals(graphVar));
            }
            Binding first = firstOfKey.computeIfAbsent(new IdTuple(ids), key -> row);
            groups.computeIfAbsent(first, r -> new ArrayList<>()).add(row);
        }
        return groups.size() == rows.size() ? null : groups;
    }

    /** The first rows of {@code groups}, one per group, for the pattern to run on. */
    static List<Binding> representatives(List<Binding> rows, Map<Binding, List<Binding>> groups) {
        List<Binding> firsts = new ArrayList<>(groups.size());
        for (Binding row : rows) {
            if (groups.containsKey(row)) {
                firsts.add(row);
            }
        }
        return firsts;
    }

    /** Every solution of the pattern run on the representatives, given to each row of its group. */
    static QueryIterator expand(QueryIterator solutions, Map<Binding, List<Binding>> groups, ExecutionContext cxt) {
        return new InputGroups(solutions, groups, cxt);
    }

    @Override
    protected boolean hasNextBinding() {
        while (rows == null || index == rows.size()) {
            QueryIterator input = getInput();
            if (input == null || !input.hasNext()) {
                return false;
            }
            solution = input.nextBinding();
            // A pattern that binds nothing new returns its input row itself; otherwise an IdBinding over it.
            rows = groups.containsKey(solution) ? groups.get(solution)
                : groups.get(((IdBinding) solution).parent());
            index = 0;
        }
        return true;
    }

    @Override
    protected Binding moveToNextBinding() {
        if (!hasNextBinding()) {
            throw new java.util.NoSuchElementException();
        }
        Binding row = rows.get(index++);
        return solution instanceof IdBinding id && !groups.containsKey(solution) ? id.withParent(row) : row;
    }

    @Override
    protected void requestSubCancel() {
    }

    @Override
    protected void closeSubIterator() {
        rows = null;
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("InputGroups " + groups.size() + " groups");
    }
}
