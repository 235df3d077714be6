package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.SortCondition;

import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpConditional;
import org.apache.jena.sparql.algebra.op.OpDistinct;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpGraph;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpOrder;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpProject;
import org.apache.jena.sparql.algebra.op.OpSequence;
import org.apache.jena.sparql.algebra.op.OpTable;
import org.apache.jena.sparql.algebra.op.OpTopN;
import org.apache.jena.sparql.algebra.op.OpUnion;
import org.apache.jena.sparql.core.BasicPattern;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Substitute;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterDistinguishedVars;
import org.apache.jena.sparql.engine.iterator.QueryIterConcat;
import org.apache.jena.sparql.engine.iterator.QueryIterFilterExpr;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.main.OpExecutor;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.P_OneOrMore1;
import org.apache.jena.sparql.path.P_Path1;
import org.apache.jena.sparql.path.P_ZeroOrMore1;
import org.apache.jena.sparql.path.Path;

/**
 * ARQ's executor with basic graph patterns over a {@link StoreDatasetGraph} evaluated on atom ids
 * ({@link IdPatternJoin}) instead of one {@code Graph.find} per pattern per input row. Installed in the dataset's
 * own context ({@link org.apache.jena.sparql.engine.main.QC#setFactory}), so other datasets are untouched.
 *
 * <p>Handled: a BGP whose active graph is a view of this dataset (the default graph, a named graph, the union
 * graph), and {@code GRAPH ?g { BGP }} over this dataset, inside the calling thread's transaction; and a top-level
 * {@code SELECT DISTINCT} on the projected ids ({@link IdDistinct}); a UNION of basic graph patterns a batch of input
 * rows at a time ({@link BatchedUnion}); {@code p+} and {@code p*} as closures on ids ({@link IdPathClosure}); the
 * conditions of a filter over these that ids decide ({@link IdFilter}); a VALUES table joined with a pattern, as id
 * rows fed to it ({@link IdTable}); OPTIONAL of a pattern, a batch of left rows per run ({@link IdOptional}); GROUP BY
 * variables with COUNTs over these ({@link IdGroup}).
 * Everything else (other filter conditions, other OPTIONALs, other unions, paths, other graphs, no
 * transaction) is ARQ's own evaluation, through {@code find}.
 * Patterns run in the order of estimated cost ({@link JoinOrder}), not in Jena's fixed reordering.
 */
final class StoreOpExecutor extends OpExecutor {

    static final OpExecutorFactory FACTORY = StoreOpExecutor::new;

    private final boolean hideBlankNodeVars;

    private StoreOpExecutor(ExecutionContext execCxt) {
        super(execCxt);
        this.hideBlankNodeVars = execCxt.getContext().isTrue(ARQ.hideNonDistiguishedVariables);
    }

    @Override
    protected QueryIterator execute(OpBGP opBGP, QueryIterator input) {
        if (bgpOnIds(opBGP)) {
            GraphView view = (GraphView) execCxt.getActiveGraph();
            Node name = view.getGraphName();
            IdPatternJoin.GraphMode mode = name != null && Quad.isUnionGraph(name) ? IdPatternJoin.GraphMode.UNION
                : IdPatternJoin.GraphMode.FIXED;
            Node graph = name == null || Quad.isDefaultGraph(name) ? null : name;
            QueryIterator result = run((StoreDatasetGraph) view.getDataset(), mode, graph, opBGP.getPattern(),
                input);
            if (result != null) {
                return result;
            }
        }
        return super.execute(opBGP, input);
    }

    /**
     * Whether {@code opBGP} runs on ids here ({@link #run} does not fall back): a non-empty pattern over a graph of
     * this dataset, in a transaction, with few enough variables.
     */
    private boolean bgpOnIds(OpBGP opBGP) {
        return execCxt.getActiveGraph() instanceof GraphView view
            && view.getDataset() instanceof StoreDatasetGraph dataset && dataset.currentTxn() != null
            && !opBGP.getPattern().isEmpty() && IdPatternJoin.onIds(opBGP.getPattern())
            && IdPatternJoin.variables(opBGP.getPattern(), null) <= IdPatternJoin.MAX_VARIABLES;
    }

    /**
     * OPTIONAL whose right side is a basic graph pattern, with or without a filter: {@link IdOptional}. ARQ's
     * optimizer gives it as {@code (conditional L (filter? (bgp)))} when the right side may see the left's
     * bindings, as it always may for a BGP; a filter in the right side is a condition on the extended row there.
     */
    @Override
    protected QueryIterator execute(OpConditional opConditional, QueryIterator input) {
        QueryIterator optional = optional(opConditional.getLeft(), opConditional.getRight(), null, input);
        return optional != null ? optional : super.execute(opConditional, input);
    }

    /** {@code (leftjoin L (bgp) exprs?)}: {@link IdOptional}, the expressions a filter on each extended row. */
    @Override
    protected QueryIterator execute(OpLeftJoin opLeftJoin, QueryIterator input) {
        QueryIterator optional = optional(opLeftJoin.getLeft(), opLeftJoin.getRight(), opLeftJoin.getExprs(),
            input);
        return optional != null ? optional : super.execute(opLeftJoin, input);
    }

    /**
     * {@code left} extended by {@code right} (a BGP, or a filter over one) where it matches, else unextended; null
     * if the pattern does not run on ids (its solutions must be its input rows or {@link IdBinding}s over them) or
     * blank node variables are hidden (that rewrites every solution).
     */
    private QueryIterator optional(Op left, Op right, ExprList exprs, QueryIterator input) {
        Op pattern = right instanceof OpFilter filter ? filter.getSubOp() : right;
        if (hideBlankNodeVars || !(pattern instanceof OpBGP bgp) || !bgpOnIds(bgp)) {
            return null;
        }
        Op extension = exprs == null || exprs.isEmpty() ? right : OpFilter.filterBy(exprs, right);
        return new IdOptional(exec(left, input), rows -> exec(extension, rows), execCxt);
    }

    @Override
    protected QueryIterator execute(OpGraph opGraph, QueryIterator input) {
        if (opGraph.getNode().isVariable() && opGraph.getSubOp() instanceof OpBGP
            && execCxt.getDataset() instanceof StoreDatasetGraph
            && !((OpBGP) opGraph.getSubOp()).getPattern().isEmpty()) {
            QueryIterator result = run((StoreDatasetGraph) execCxt.getDataset(), IdPatternJoin.GraphMode.VARIABLE,
                opGraph.getNode(), ((OpBGP) opGraph.getSubOp()).getPattern(), input);
            if (result != null) {
                return result;
            }
        }
        return super.execute(opGraph, input);
    }

    /**
     * {@code (sequence (bgp) (path))} where the path has a constant end and {@link IdPathClosure} applies: the path
     * runs first if its closure from the constant end is smaller than the pattern's most selective part, so that
     * {@code ?x a C . ?x p+ <k>} reads the few nodes that reach k, not every member of C. A sequence of two pattern
     * operators is their join, so either order gives the same solutions.
     */
    @Override
    protected QueryIterator execute(OpSequence opSequence, QueryIterator input) {
        List<Op> ops = opSequence.getElements();
        if (ops.size() == 2 && ops.get(0) instanceof OpBGP bgp && ops.get(1) instanceof OpPath path
            && !bgp.getPattern().isEmpty()) {
            PathPlan plan = pathPlan(path);
            Node constant = plan == null ? null : path.getTriplePath().getObject().isConcrete()
                ? path.getTriplePath().getObject() : path.getTriplePath().getSubject();
            if (plan != null && constant.isConcrete() && !constant.isLiteral()) {
                boolean forward = constant == path.getTriplePath().getSubject();
                long start = plan.dataset.idOf(plan.txn, constant, false);
                TxnIds scope = new TxnIds(plan.dataset, plan.txn);
                long patternRows = JoinOrder.smallestMatches(scope, plan.graph, bgp.getPattern());
                if (start > 0 && IdPathClosure.closureSmallerThan(plan.txn.reader, plan.graph, plan.predicate,
                    start, forward, patternRows)) {
                    return exec(bgp, exec(path, input));
                }
            }
        }
        QueryIterator values = valuesFirst(ops, input);
        return values != null ? values : super.execute(opSequence, input);
    }

    /**
     * A join of a VALUES table and a pattern, either way round: {@link #valuesFirst}. Feeding the table's rows to the
     * pattern as its input rows gives the join's solutions, because a pattern evaluated on an input row gives
     * exactly that row's compatible extensions.
     */
    @Override
    protected QueryIterator execute(OpJoin opJoin, QueryIterator input) {
        QueryIterator values = opJoin.getRight() instanceof OpTable
            ? valuesFirst(List.of(opJoin.getRight(), opJoin.getLeft()), input)
            : valuesFirst(List.of(opJoin.getLeft(), opJoin.getRight()), input);
        return values != null ? values : super.execute(opJoin, input);
    }

    /**
     * {@code ops} (a sequence) when the first is a VALUES table and the second a pattern on ids, at the top of the
     * query (the input is the join identity): the table's rows as id rows ({@link IdTable}), looked up once per
     * value, as the pattern's input rows, then the rest of the sequence over them; else null.
     */
    private QueryIterator valuesFirst(List<Op> ops, QueryIterator input) {
        if (ops.size() < 2 || !(ops.get(0) instanceof OpTable table) || table.isJoinIdentity()
            || !input.isJoinIdentity() || !(execCxt.getDataset() instanceof StoreDatasetGraph dataset)
            || dataset.currentTxn() == null) {
            return null;
        }
        Op pattern = ops.get(1);
        boolean onIds = pattern instanceof OpBGP
            || pattern instanceof OpGraph graph && graph.getSubOp() instanceof OpBGP;
        if (!onIds) {
            return null;
        }
        input.close();
        QueryIterator rows = IdTable.create(table.getTable(), new TxnIds(dataset, dataset.currentTxn()), execCxt);
        for (Op op : ops.subList(1, ops.size())) {
            rows = exec(op, rows);
        }
        return rows;
    }

    /** What {@link IdPathClosure} needs for {@code opPath} over the active graph, or null if it does not apply. */
    private PathPlan pathPlan(OpPath opPath) {
        Graph active = execCxt.getActiveGraph();
        Path path = opPath.getTriplePath().getPath();
        boolean oneOrMore = path instanceof P_OneOrMore1;
        boolean zeroOrMore = path instanceof P_ZeroOrMore1;
        if (!(oneOrMore || zeroOrMore) || !(((P_Path1) path).getSubPath() instanceof P_Link link)
            || !(active instanceof GraphView view) || !(view.getDataset() instanceof StoreDatasetGraph dataset)
            || TermMapping.isTripleTermPattern(opPath.getTriplePath().getSubject())
            || TermMapping.isTripleTermPattern(opPath.getTriplePath().getObject())) {
            return null;
        }
        ThreadTxn txn = dataset.currentTxn();
        Node name = view.getGraphName();
        if (txn == null || name != null && Quad.isUnionGraph(name)) {
            return null;
        }
        long graph = name == null || Quad.isDefaultGraph(name) ? dataset.defaultGraphId(txn)
            : dataset.idOf(txn, name, true);
        long predicate = dataset.idOf(txn, link.getNode(), false);
        return graph > 0 && predicate > 0 ? new PathPlan(dataset, txn, graph, predicate, zeroOrMore) : null;
    }

    private record PathPlan(StoreDatasetGraph dataset, ThreadTxn txn, long graph, long predicate,
                            boolean zeroOrMore) {
    }

    /**
     * {@code p+} and {@code p*} of one IRI over the default graph or a named graph of this dataset, in a
     * transaction: {@link IdPathClosure}. Other paths, the union graph and unknown predicates stay ARQ's.
     */
    @Override
    protected QueryIterator execute(OpPath opPath, QueryIterator input) {
        PathPlan plan = pathPlan(opPath);
        if (plan != null) {
            return new IdPathClosure(input, new TxnIds(plan.dataset, plan.txn), opPath.getTriplePath(), plan.graph,
                plan.predicate, plan.zeroOrMore, execCxt);
        }
        return super.execute(opPath, input);
    }

    /**
     * A union of basic graph patterns over this dataset's graphs, in a transaction: {@link BatchedUnion}, each
     * branch once per batch of input rows rather than once per row.
     */
    @Override
    protected QueryIterator execute(OpUnion opUnion, QueryIterator input) {
        Graph active = execCxt.getActiveGraph();
        if (active instanceof GraphView && ((GraphView) active).getDataset() instanceof StoreDatasetGraph
            && ((StoreDatasetGraph) ((GraphView) active).getDataset()).currentTxn() != null) {
            List<Op> branches = BatchedUnion.branches(opUnion);
            if (branches != null) {
                return BatchedUnion.create(input, branches, execCxt);
            }
        }
        return super.execute(opUnion, input);
    }

    /**
     * {@code (distinct (project vars X))} at the top of a query over this dataset: X as usual, then
     * {@link IdDistinct} on the projected variables' ids. Below the top (a sub-select run per input row) ARQ's own
     * projection keeps the input's variables, so that case stays ARQ's.
     */
    @Override
    protected QueryIterator execute(OpDistinct opDistinct, QueryIterator input) {
        if (opDistinct.getSubOp() instanceof OpProject && input instanceof QueryIterRoot
            && execCxt.getDataset() instanceof StoreDatasetGraph) {
            StoreDatasetGraph dataset = (StoreDatasetGraph) execCxt.getDataset();
            ThreadTxn txn = dataset.currentTxn();
            if (txn != null) {
                OpProject project = (OpProject) opDistinct.getSubOp();
                QueryIterator rows = exec(project.getSubOp(), input);
                return new IdDistinct(rows, project.getVars(), new TxnIds(dataset, txn), execCxt);
            }
        }
        return super.execute(opDistinct, input);
    }

    /**
     * A filter over an id-level operator ({@link #producesIds}) in a transaction on this dataset: each condition that
     * ids decide ({@link IdFilter#compile}) as an {@link IdFilter}, first, and the others as ARQ's filters over it.
     * The conditions of one FILTER are a conjunction, and a row passes a conjunction exactly when it passes each
     * part, so splitting them changes no answer.
     */
    @Override
    protected QueryIterator execute(OpFilter opFilter, QueryIterator input) {
        if (opFilter.getSubOp() instanceof OpBGP bgp && input.isJoinIdentity() && bgpOnIds(bgp)
            && bgp.getPattern().size() >= 2) {
            QueryIterator placed = placeFilters(opFilter.getExprs(), bgp.getPattern(), input);
            if (placed != null) {
                return placed;
            }
        }
        if (execCxt.getDataset() instanceof StoreDatasetGraph dataset && dataset.currentTxn() != null
            && producesIds(opFilter.getSubOp())) {
            TxnIds scope = new TxnIds(dataset, dataset.currentTxn());
            List<Expr> onIds = new ArrayList<>();
            List<IdFilter.Condition> conditions = new ArrayList<>();
            List<Expr> onNodes = new ArrayList<>();
            for (Expr expr : opFilter.getExprs()) {
                IdFilter.Condition condition = IdFilter.compile(expr, scope, execCxt);
                if (condition != null) {
                    onIds.add(expr);
                    conditions.add(condition);
                } else {
                    onNodes.add(expr);
                }
            }
            if (!conditions.isEmpty()) {
                QueryIterator rows = exec(opFilter.getSubOp(), input);
                for (int i = 0; i < conditions.size(); i++) {
                    rows = new IdFilter(rows, conditions.get(i), onIds.get(i).toString(), execCxt);
                }
                for (Expr expr : onNodes) {
                    rows = new QueryIterFilterExpr(rows, cachedValues(expr, scope), execCxt);
                }
                return rows;
            }
        }
        return super.execute(opFilter, input);
    }

    /**
     * A filter over a whole basic graph pattern (this dataset turns ARQ's filter placement into BGPs off, which would
     * have cut the pattern into pieces in written order before {@link JoinOrder} saw it): the pattern is ordered by cost
     * first, then each condition runs right after the pattern that binds the last of its variables, splitting the
     * pattern into runs of {@link IdPatternJoin} there. A condition whose variables a basic graph pattern always
     * binds gives the same answers at any point after they are bound; one with EXISTS, or with a variable the pattern
     * does not bind, runs at the end. Null to fall back (no transaction, too many variables).
     */
    private QueryIterator placeFilters(ExprList exprs, BasicPattern pattern, QueryIterator input) {
        GraphView view = (GraphView) execCxt.getActiveGraph();
        StoreDatasetGraph dataset = (StoreDatasetGraph) view.getDataset();
        ThreadTxn txn = dataset.currentTxn();
        Node name = view.getGraphName();
        IdPatternJoin.GraphMode mode = name != null && Quad.isUnionGraph(name) ? IdPatternJoin.GraphMode.UNION
            : IdPatternJoin.GraphMode.FIXED;
        Node graph = name == null || Quad.isDefaultGraph(name) ? null : name;
        if (txn == null || IdPatternJoin.variables(pattern, graph) > IdPatternJoin.MAX_VARIABLES) {
            return null;
        }
        TxnIds scope = new TxnIds(dataset, txn);
        BasicPattern ordered = JoinOrder.order(scope, mode, graph, pattern, pattern);
        int n = ordered.size();
        int[] due = new int[exprs.size()];
        for (int e = 0; e < due.length; e++) {
            Expr expr = exprs.get(e);
            Set<Var> needed = expr.getVarsMentioned();
            due[e] = n - 1;
            if (!mentionsPattern(expr)) {
                Set<Var> bound = new HashSet<>();
                for (int t = 0; t < n; t++) {
                    bound.addAll(IdPatternJoin.variablesOf(BasicPattern.wrap(List.of(ordered.get(t))), null));
                    if (bound.containsAll(needed)) {
                        due[e] = t;
                        break;
                    }
                }
            }
        }
        QueryIterator rows = input;
        int start = 0;
        for (int t = 0; t < n; t++) {
            boolean cut = t == n - 1;
            for (int d : due) {
                cut |= d == t;
            }
            if (!cut) {
                continue;
            }
            rows = IdPatternJoin.create(scope, mode, graph,
                BasicPattern.wrap(new ArrayList<>(ordered.getList().subList(start, t + 1))), rows, execCxt);
            for (int e = 0; e < due.length; e++) {
                if (due[e] == t) {
                    IdFilter.Condition condition = IdFilter.compile(exprs.get(e), scope, execCxt);
                    rows = condition != null ? new IdFilter(rows, condition, exprs.get(e).toString(), execCxt)
                        : new QueryIterFilterExpr(rows, cachedValues(exprs.get(e), scope), execCxt);
                }
            }
            start = t + 1;
        }
        return hideBlankNodeVars ? new QueryIterDistinguishedVars(rows, execCxt) : rows;
    }

    /**
     * {@code expr} reading the values of committed ids from the dataset's cache ({@link IdExprVar}); as it is if it
     * holds a graph pattern (EXISTS), whose variables are the inner pattern's.
     */
    private static Expr cachedValues(Expr expr, TxnIds scope) {
        return mentionsPattern(expr) ? expr : IdExprVar.over(expr, scope, scope.dataset.committedValues());
    }

    /**
     * ORDER BY with LIMIT over this dataset, in a transaction: ARQ's top N, its keys' values of committed ids read from
     * the dataset's cache, not made again for each comparison.
     */
    @Override
    protected QueryIterator execute(OpTopN opTop, QueryIterator input) {
        TxnIds scope = scope();
        return super.execute(scope == null ? opTop
            : new OpTopN(opTop.getSubOp(), opTop.getLimit(), cachedValues(opTop.getConditions(), scope)), input);
    }

    /** ORDER BY over this dataset, in a transaction: as {@link #execute(OpTopN, QueryIterator)}. */
    @Override
    protected QueryIterator execute(OpOrder opOrder, QueryIterator input) {
        TxnIds scope = scope();
        return super.execute(scope == null ? opOrder
            : new OpOrder(opOrder.getSubOp(), cachedValues(opOrder.getConditions(), scope)), input);
    }

    private static List<SortCondition> cachedValues(List<SortCondition> conditions, TxnIds scope) {
        List<SortCondition> cached = new ArrayList<>(conditions.size());
        for (SortCondition condition : conditions) {
            cached.add(new SortCondition(cachedValues(condition.getExpression(), scope), condition.getDirection()));
        }
        return cached;
    }

    /** The calling thread's transaction on this dataset, or null. */
    private TxnIds scope() {
        if (execCxt.getDataset() instanceof StoreDatasetGraph dataset && dataset.currentTxn() != null) {
            return new TxnIds(dataset, dataset.currentTxn());
        }
        return null;
    }

    /** Whether {@code expr} holds a graph pattern (EXISTS, NOT EXISTS), which must see the whole row. */
    private static boolean mentionsPattern(Expr expr) {
        boolean[] found = {false};
        org.apache.jena.sparql.algebra.walker.Walker.walk(expr, new org.apache.jena.sparql.expr.ExprVisitorBase() {
            @Override
            public void visit(org.apache.jena.sparql.expr.ExprFunctionOp op) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * GROUP BY variables with COUNT aggregates over an id-level operator, in a transaction on this dataset:
     * {@link IdGroup}, grouped and counted on ids. Other keys and aggregates stay ARQ's.
     */
    @Override
    protected QueryIterator execute(OpGroup opGroup, QueryIterator input) {
        if (execCxt.getDataset() instanceof StoreDatasetGraph dataset && dataset.currentTxn() != null
            && producesIds(opGroup.getSubOp())) {
            IdGroup group = IdGroup.counts(opGroup, () -> exec(opGroup.getSubOp(), input),
                new TxnIds(dataset, dataset.currentTxn()), execCxt);
            if (group != null) {
                return group;
            }
        }
        return super.execute(opGroup, input);
    }

    /**
     * Whether {@code op} gives its solutions as ids ({@link IdBinding}s over its input), so that an id-level
     * operator above it reads ids rather than looking nodes up: the operators this executor runs on ids, and
     * VALUES tables, whose few constants are looked up once per row.
     */
    private static boolean producesIds(Op op) {
        if (op instanceof OpBGP || op instanceof OpPath || op instanceof OpTable) {
            return true;
        }
        if (op instanceof OpGraph graph) {
            return graph.getSubOp() instanceof OpBGP;
        }
        if (op instanceof OpUnion union) {
            return BatchedUnion.branches(union) != null;
        }
        if (op instanceof OpFilter filter) {
            return producesIds(filter.getSubOp());
        }
        if (op instanceof OpConditional optional) {
            Op right = optional.getRight() instanceof OpFilter filter ? filter.getSubOp() : optional.getRight();
            return producesIds(optional.getLeft()) && right instanceof OpBGP;
        }
        if (op instanceof OpSequence || op instanceof OpJoin) {
            List<Op> parts = op instanceof OpSequence sequence ? sequence.getElements()
                : List.of(((OpJoin) op).getLeft(), ((OpJoin) op).getRight());
            return parts.stream().allMatch(StoreOpExecutor::producesIds);
        }
        return false;
    }

    /** The id-level evaluation, or null to fall back before touching the input (no transaction on this thread, too many
     * variables). */
    private QueryIterator run(StoreDatasetGraph dataset, IdPatternJoin.GraphMode mode, Node graph,
                              BasicPattern pattern, QueryIterator input) {
        ThreadTxn txn = dataset.currentTxn();
        if (txn == null || !IdPatternJoin.onIds(pattern)
            || IdPatternJoin.variables(pattern, graph) > IdPatternJoin.MAX_VARIABLES) {
            return null;
        }
        QueryIterator in = input;
        BasicPattern ordered = pattern;
        TxnIds scope = new TxnIds(dataset, txn);
        if (pattern.size() >= 2) {
            if (input.isJoinIdentity()) {
                ordered = JoinOrder.order(scope, mode, graph, pattern, pattern);
            } else {
                // One input row: order the patterns as it grounds them (as StageGeneratorGeneric, but by cost).
                // More rows: one order for all of them, with the variables they bind taken as bound, and rows
                // that agree on every variable the pattern uses share one run (InputGroups).
                List<Binding> firstRows = new ArrayList<>();
                while (firstRows.size() < InputGroups.MAX_GROUPED_ROWS && input.hasNext()) {
                    firstRows.add(input.nextBinding());
                }
                if (firstRows.isEmpty()) {
                    return input;
                }
                Binding first = firstRows.get(0);
                if (firstRows.size() == 1) {
                    ordered = JoinOrder.order(scope, mode, graph, Substitute.substitute(pattern, first), pattern);
                } else {
                    Set<Var> inputBound = new HashSet<>();
                    first.vars().forEachRemaining(inputBound::add);
                    ordered = JoinOrder.orderForInputs(scope, mode, graph, pattern, inputBound);
                    if (!input.hasNext()) {
                        List<Var> used = IdPatternJoin.variablesOf(pattern, graph);
                        Map<Binding, List<Binding>> groups = InputGroups.group(firstRows, used, graph, scope);
                        if (groups != null) {
                            QueryIterator once = IdPatternJoin.create(scope, mode, graph, ordered,
                                QueryIterPlainWrapper.create(InputGroups.representatives(firstRows, groups)
                                    .iterator(), execCxt), execCxt);
                            QueryIterator all = InputGroups.expand(once, groups, execCxt);
                            return hideBlankNodeVars ? new QueryIterDistinguishedVars(all, execCxt) : all;
                        }
                    }
                }
                QueryIterConcat rows = new QueryIterConcat(execCxt);
                rows.add(QueryIterPlainWrapper.create(firstRows.iterator(), execCxt));
                rows.add(input);
                in = rows;
            }
        }
        QueryIterator result = IdPatternJoin.create(scope, mode, graph, ordered, in, execCxt);
        return hideBlankNodeVars ? new QueryIterDistinguishedVars(result, execCxt) : result;
    }
}
