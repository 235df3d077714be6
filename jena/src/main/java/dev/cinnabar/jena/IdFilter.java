package dev.cinnabar.jena;

import java.util.List;
import java.util.function.LongPredicate;

import org.agrona.collections.LongHashSet;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.E_Bound;
import org.apache.jena.sparql.expr.E_Equals;
import org.apache.jena.sparql.expr.E_LogicalAnd;
import org.apache.jena.sparql.expr.E_LogicalNot;
import org.apache.jena.sparql.expr.E_LogicalOr;
import org.apache.jena.sparql.expr.E_NotEquals;
import org.apache.jena.sparql.expr.E_NotOneOf;
import org.apache.jena.sparql.expr.E_OneOf;
import org.apache.jena.sparql.expr.E_OneOfBase;
import org.apache.jena.sparql.expr.E_Regex;
import org.apache.jena.sparql.expr.E_SameTerm;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.ExprFunction2;
import org.apache.jena.sparql.serializer.SerializationContext;

/**
 * A FILTER condition evaluated on atom ids: the rows of an id-level operator are kept or dropped by comparing ids,
 * without decoding a term. Only conditions whose meaning is term identity qualify ({@link #compile}):
 * {@code sameTerm} of a variable with a constant or another variable, {@code =}, {@code !=}, {@code IN} and
 * {@code NOT IN} of a variable with IRIs and blank nodes, {@code bound}, and {@code &&}, {@code ||}, {@code !} of
 * these, in SPARQL's three-valued logic (an unbound variable is an error, and a row is kept only if the condition is
 * true). A term is one atom id and an atom id one term, so equal ids are the same term.
 *
 * <p>Why literals are excluded from {@code =} and {@code IN}: SPARQL's {@code =} on literals is value equality
 * ({@code 1 = 01}, and incomparable types are an error), which ids do not know. For an IRI or a blank node constant
 * ARQ's {@code =} is {@code sameTerm} whatever the other value is (an IRI never equals a literal, without error).
 * {@code sameTerm} is node equality except that ARQ compares language tags ignoring case; the store keeps tags in
 * lower case and Jena in one canonical case, so tags equal ignoring case are one atom and one node, and
 * {@code sameTerm} is id equality for any two terms. Where ids cannot answer (a value the store does not hold, such
 * as a BIND result; a value in the default graph's atom) the condition is ARQ's own on that row.
 *
 * <p>Numeric comparisons ({@code <}, {@code <=}, {@code >}, {@code >=}, and {@code =}, {@code !=} not decided
 * above) of variables, integer constants and their sums and differences are {@link IdNumericCompare}: decided on
 * {@code long}s read from the stored integer literals, and ARQ's own on any row where that would not be exactly
 * ARQ's answer.
 */
final class IdFilter extends LookAheadIterator {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int ERROR = 2;

    private final Condition condition;
    private final String text;

    IdFilter(QueryIterator input, Condition condition, String text, ExecutionContext execCxt) {
        super(input, execCxt);
        this.condition = condition;
        this.text = text;
    }

    /** A condition on one row: {@link #TRUE}, {@link #FALSE} or {@link #ERROR}. */
    interface Condition {
        int eval(Binding row);
    }

    @Override
    Binding findNext() {
        QueryIterator input = getInput();
        while (input != null && input.hasNext()) {
            Binding row = input.nextBinding();
            if (condition.eval(row) == TRUE) {
                return row;
            }
        }
        return null;
    }

    @Override
    protected void requestSubCancel() {
    }

    @Override
    protected void details(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdFilter " + text);
    }

    /** {@code expr} as a condition on ids, or null if it is not one that ids decide (it stays ARQ's). */
    static Condition compile(Expr expr, TxnIds scope, ExecutionContext execCxt) {
        Rows rows = new Rows(scope, execCxt);
        return rows.compile(expr);
    }

    /** The compiler and what its conditions share: the transaction's ids and ARQ's evaluation for the rest. */
    private record Rows(TxnIds scope, ExecutionContext execCxt, long defaultGraph) {

        Rows(TxnIds scope, ExecutionContext execCxt) {
            this(scope, execCxt, scope.dataset.defaultGraphId(scope.txn));
        }

        Condition compile(Expr expr) {
            if (expr instanceof E_LogicalAnd and) {
                Condition left = compile(and.getArg1());
                Condition right = left == null ? null : compile(and.getArg2());
                return right == null ? null : row -> and(left.eval(row), right.eval(row));
            }
            if (expr instanceof E_LogicalOr or) {
                Condition left = compile(or.getArg1());
                Condition right = left == null ? null : compile(or.getArg2());
                return right == null ? null : row -> or(left.eval(row), right.eval(row));
            }
            if (expr instanceof E_LogicalNot not) {
                Condition inner = compile(not.getArg());
                return inner == null ? null : row -> not(inner.eval(row));
            }
            if (expr instanceof E_Bound bound && bound.getArg().isVariable()) {
                Var var = bound.getArg().asVar();
                return row -> row.contains(var) ? TRUE : FALSE;
            }
            if (expr instanceof E_SameTerm || expr instanceof E_Equals || expr instanceof E_NotEquals) {
                Condition onIds = comparison((ExprFunction2) expr);
                if (onIds != null || expr instanceof E_SameTerm) {
                    return onIds;
                }
            }
            if (expr instanceof E_OneOf || expr instanceof E_NotOneOf) {
                return oneOf((E_OneOfBase) expr);
            }
            if (expr instanceof E_Regex regex) {
                return IdRegex.compile(regex, execCxt);
            }
            return IdNumericCompare.compile(expr, scope, execCxt);
        }

        private Condition comparison(ExprFunction2 expr) {
            Expr a = expr.getArg1();
            Expr b = expr.getArg2();
            boolean sameTerm = expr instanceof E_SameTerm;
            if (sameTerm && a.isVariable() && b.isVariable()) {
                Var x = a.asVar();
                Var y = b.asVar();
                return row -> {
                    long idX = id(row, x);
                    long idY = id(row, y);
                    if (idX == IdBinding.UNBOUND || idY == IdBinding.UNBOUND) {
                        return ERROR;
                    }
                    if (idX < 0 || idY < 0 || idX == defaultGraph || idY == defaultGraph) {
                        return arq(expr, row);
                    }
                    return idX == idY ? TRUE : FALSE;
                };
            }
            Var var = a.isVariable() ? a.asVar() : b.isVariable() ? b.asVar() : null;
            Expr other = var == null ? null : a.isVariable() ? b : a;
            if (other == null || !other.isConstant()) {
                return null;
            }
            Node constant = other.getConstant().asNode();
            boolean qualifies = constant.isURI() || constant.isBlank() || sameTerm && constant.isLiteral();
            if (!qualifies) {
                return null;
            }
            long constantId = scope.dataset.idOf(scope.txn, constant, false);
            boolean negate = expr instanceof E_NotEquals;
            // A constant the store does not hold (no id) equals no stored value.
            return onStoredId(var, expr, id -> (constantId >= 0 && id == constantId) != negate);
        }

        private Condition oneOf(E_OneOfBase expr) {
            if (!expr.getLHS().isVariable()) {
                return null;
            }
            Var var = expr.getLHS().asVar();
            LongHashSet members = new LongHashSet();
            List<Expr> values = expr.getRHS().getList();
            for (Expr value : values) {
                if (!value.isConstant()) {
                    return null;
                }
                Node constant = value.getConstant().asNode();
                if (!constant.isURI() && !constant.isBlank()) {
                    return null;
                }
                long id = scope.dataset.idOf(scope.txn, constant, false);
                if (id >= 0) {
                    members.add(id);
                }
            }
            boolean negate = expr instanceof E_NotOneOf;
            return onStoredId(var, expr, id -> members.contains(id) != negate);
        }

        /**
         * {@code test} of the stored id of {@code var}: an error if it is unbound, ARQ's {@code expr} if its value
         * has no id of its own here (not stored, or the default graph's atom).
         */
        private Condition onStoredId(Var var, Expr expr, LongPredicate test) {
            return row -> {
                long id = id(row, var);
                if (id == IdBinding.UNBOUND) {
                    return ERROR;
                }
                if (id < 0 || id == defaultGraph) {
                    return arq(expr, row);
                }
                return test.test(id) ? TRUE : FALSE;
            };
        }

        private long id(Binding row, Var var) {
            return IdBinding.idOf(row, var, scope, false);
        }

        private int arq(Expr expr, Binding row) {
            return IdFilter.arq(expr, row, execCxt);
        }
    }

    /** ARQ's own evaluation of {@code expr} on {@code row}, for what ids cannot decide. */
    static int arq(Expr expr, Binding row, ExecutionContext execCxt) {
        try {
            return expr.eval(row, execCxt).getBoolean() ? TRUE : FALSE;
        } catch (ExprEvalException e) {
            return ERROR;
        }
    }

    // SPARQL's truth tables (17.2): an error is absorbed by a false conjunct or a true disjunct.

    private static int and(int left, int right) {
        if (left == FALSE || right == FALSE) {
            return FALSE;
        }
        return left == TRUE && right == TRUE ? TRUE : ERROR;
    }

    private static int or(int left, int right) {
        if (left == TRUE || right == TRUE) {
            return TRUE;
        }
        return left == FALSE && right == FALSE ? FALSE : ERROR;
    }

    private static int not(int value) {
        return value == ERROR ? ERROR : value == TRUE ? FALSE : TRUE;
    }
}
