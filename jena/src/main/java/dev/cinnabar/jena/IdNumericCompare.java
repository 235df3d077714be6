package dev.cinnabar.jena;

import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2LongHashMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.E_Add;
import org.apache.jena.sparql.expr.E_Equals;
import org.apache.jena.sparql.expr.E_GreaterThan;
import org.apache.jena.sparql.expr.E_GreaterThanOrEqual;
import org.apache.jena.sparql.expr.E_LessThan;
import org.apache.jena.sparql.expr.E_LessThanOrEqual;
import org.apache.jena.sparql.expr.E_NotEquals;
import org.apache.jena.sparql.expr.E_Subtract;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction2;
import org.apache.jena.sparql.expr.NodeValue;

/**
 * A numeric comparison in a FILTER ({@code <}, {@code <=}, {@code >}, {@code >=}, {@code =}, {@code !=}) decided on
 * {@code long}s read from the stored terms, without making Jena nodes or ARQ's node values: BSBM Q5's
 * {@code ?p1 < (?p2 + 120) && ?p1 > (?p2 - 120)} over {@code xsd:integer} values. Each side is a variable, an
 * integer constant, or a sum or difference of these ({@link #compile}).
 *
 * <p>Why the answer is exactly ARQ's. A row takes the fast path only when every variable is bound to a stored
 * literal whose datatype is {@code xsd:integer} or one of its XSD subtypes ({@link #RANGES}), whose lexical form is
 * ASCII {@code [+-]?[0-9]+} (no whitespace, no other digits) and whose value lies in the datatype's range and in
 * {@code long}'s. For such a literal ARQ's node value ({@code NodeValue.makeNode}) is the integer of that lexical
 * form: the literal is well-formed for its datatype (XSD's integer pattern, with its datatype's bounds as the only
 * further facets), and ARQ takes the trimmed lexical form without a leading {@code +} as a {@code BigInteger}, which
 * is what {@link Long#parseLong} reads. ARQ adds and subtracts two integers exactly, as {@code BigInteger}s, to an
 * integer; {@link Math#addExact} and {@link Math#subtractExact} give the same value or throw, and an overflow goes to
 * ARQ. ARQ compares two integers, and decides {@code =} and {@code !=} of two integers, by numeric value, never with
 * an error, which is {@link Long#compare}. Everything else goes to ARQ's own evaluation of the original expression
 * on that row, errors included: an unbound variable, a value the store does not hold (a BIND result), an IRI, a
 * decimal, double, string or any other datatype, an ill-typed literal ({@code "x"^^xsd:integer},
 * {@code "300"^^xsd:byte}), a lexical form with whitespace, and a value beyond {@code long}. A constant qualifies
 * only if ARQ's own node value of it is an integer within {@code long}; a comparison with any other constant is not
 * compiled at all.
 *
 * <p>A variable's value is cached by atom id for the life of the condition (rows repeat ids), bounded by
 * {@link #CACHE_LIMIT} entries. Not thread-safe: one condition belongs to one filter iterator.
 */
final class IdNumericCompare implements IdFilter.Condition {

    /** The cache's missing value; a literal of this value is left to ARQ, so it never needs caching. */
    private static final long MISSING = Long.MIN_VALUE;
    /** A variable value the fast path does not decide (also cached); a literal of this value is left to ARQ too. */
    static final long NOT_INTEGER = Long.MIN_VALUE + 1;
    /** Entries kept before the cache starts again, so a scan over many distinct values stays bounded in memory. */
    private static final int CACHE_LIMIT = 1 << 16;

    /**
     * {@code xsd:integer} and the XSD types derived from it that ARQ reads as integers, with the bounds a value must
     * meet to be well-formed ({@code long}'s own where the type has none, or a wider one).
     */
    private static final Map<String, long[]> RANGES = Map.ofEntries(
        range(XSDDatatype.XSDinteger, Long.MIN_VALUE, Long.MAX_VALUE),
        range(XSDDatatype.XSDlong, Long.MIN_VALUE, Long.MAX_VALUE),
        range(XSDDatatype.XSDint, Integer.MIN_VALUE, Integer.MAX_VALUE),
        range(XSDDatatype.XSDshort, Short.MIN_VALUE, Short.MAX_VALUE),
        range(XSDDatatype.XSDbyte, Byte.MIN_VALUE, Byte.MAX_VALUE),
        range(XSDDatatype.XSDnonNegativeInteger, 0, Long.MAX_VALUE),
        range(XSDDatatype.XSDpositiveInteger, 1, Long.MAX_VALUE),
        range(XSDDatatype.XSDnonPositiveInteger, Long.MIN_VALUE, 0),
        range(XSDDatatype.XSDnegativeInteger, Long.MIN_VALUE, -1),
        range(XSDDatatype.XSDunsignedLong, 0, Long.MAX_VALUE),
        range(XSDDatatype.XSDunsignedInt, 0, 0xFFFF_FFFFL),
        range(XSDDatatype.XSDunsignedShort, 0, 0xFFFF),
        range(XSDDatatype.XSDunsignedByte, 0, 0xFF));

    private final Expr expr;
    private final IntPredicate holds;
    private final ToLongFunction<long[]> left;
    private final ToLongFunction<long[]> right;
    private final Var[] vars;
    private final TxnIds scope;
    private final ExecutionContext execCxt;
    /** The values of {@link #vars} on the current row. */
    private final long[] values;
    private final Long2LongHashMap cache = new Long2LongHashMap(MISSING);

    private IdNumericCompare(Expr expr, IntPredicate holds, ToLongFunction<long[]> left, ToLongFunction<long[]> right,
                             List<Var> vars, TxnIds scope, ExecutionContext execCxt) {
        this.expr = expr;
        this.holds = holds;
        this.left = left;
        this.right = right;
        this.vars = vars.toArray(new Var[0]);
        this.scope = scope;
        this.execCxt = execCxt;
        this.values = new long[this.vars.length];
    }

    /**
     * {@code expr} as a numeric comparison on stored values, or null if it is not one: a comparison of two operands
     * that are each a variable, an integer constant within {@code long}, or {@code +} or {@code -} of two operands.
     */
    static IdFilter.Condition compile(Expr expr, TxnIds scope, ExecutionContext execCxt) {
        IntPredicate holds = relation(expr);
        if (holds == null) {
            return null;
        }
        ExprFunction2 comparison = (ExprFunction2) expr;
        List<Var> vars = new ArrayList<>();
        ToLongFunction<long[]> left = operand(comparison.getArg1(), vars);
        ToLongFunction<long[]> right = left == null ? null : operand(comparison.getArg2(), vars);
        return right == null ? null : new IdNumericCompare(expr, holds, left, right, vars, scope, execCxt);
    }

    /** What {@link Long#compare} of the two sides must give for {@code expr} to hold, or null if not a comparison. */
    private static IntPredicate relation(Expr expr) {
        if (expr instanceof E_LessThan) {
            return c -> c < 0;
        }
        if (expr instanceof E_LessThanOrEqual) {
            return c -> c <= 0;
        }
        if (expr instanceof E_GreaterThan) {
            return c -> c > 0;
        }
        if (expr instanceof E_GreaterThanOrEqual) {
            return c -> c >= 0;
        }
        if (expr instanceof E_Equals) {
            return c -> c == 0;
        }
        if (expr instanceof E_NotEquals) {
            return c -> c != 0;
        }
        return null;
    }

    /** An operand's value from the row's variable values, or null if ids cannot compute it; adds its variables. */
    private static ToLongFunction<long[]> operand(Expr expr, List<Var> vars) {
        if (expr.isVariable()) {
            Var var = expr.asVar();
            int index = vars.indexOf(var);
            if (index < 0) {
                index = vars.size();
                vars.add(var);
            }
            int at = index;
            return values -> values[at];
        }
        if (expr.isConstant()) {
            NodeValue constant = expr.getConstant();
            if (!constant.isInteger() || constant.getInteger().bitLength() >= Long.SIZE) {
                return null;
            }
            long value = constant.getInteger().longValueExact();
            return values -> value;
        }
        if (expr instanceof E_Add || expr instanceof E_Subtract) {
            ExprFunction2 arithmetic = (ExprFunction2) expr;
            ToLongFunction<long[]> a = operand(arithmetic.getArg1(), vars);
            ToLongFunction<long[]> b = a == null ? null : operand(arithmetic.getArg2(), vars);
            if (b == null) {
                return null;
            }
            return expr instanceof E_Add ? values -> Math.addExact(a.applyAsLong(values), b.applyAsLong(values))
                : values -> Math.subtractExact(a.applyAsLong(values), b.applyAsLong(values));
        }
        return null;
    }

    @Override
    public int eval(Binding row) {
        for (int i = 0; i < vars.length; i++) {
            long value = value(row, vars[i]);
            if (value == NOT_INTEGER) {
                return IdFilter.arq(expr, row, execCxt);
            }
            values[i] = value;
        }
        int order;
        try {
            order = Long.compare(left.applyAsLong(values), right.applyAsLong(values));
        } catch (ArithmeticException overflow) {
            return IdFilter.arq(expr, row, execCxt);
        }
        return holds.test(order) ? IdFilter.TRUE : IdFilter.FALSE;
    }

    /** The integer value of {@code var} on {@code row}, or {@link #NOT_INTEGER} if the fast path cannot say. */
    private long value(Binding row, Var var) {
        long id = IdBinding.idOf(row, var, scope, false);
        if (id <= 0) { // unbound, or a value the store does not hold
            return NOT_INTEGER;
        }
        long value = cache.get(id);
        if (value == MISSING) {
            value = integerValue(scope.term(id));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(id, value);
        }
        return value;
    }

    /** The value of an integer literal as ARQ reads it, or {@link #NOT_INTEGER} for any other term. */
    static long integerValue(Term term) {
        if (!(term instanceof Literal literal)) {
            return NOT_INTEGER;
        }
        return integerValue(literal.lexicalForm(), literal.datatype().value());
    }

    /**
     * The value ARQ gives a literal of {@code datatype} with this lexical form if it is an integer in {@code long}
     * (and not one of the two sentinels), or {@link #NOT_INTEGER} if the fast path leaves it to ARQ.
     */
    static long integerValue(String lexical, String datatype) {
        long[] range = RANGES.get(datatype);
        int length = lexical.length();
        int start = length > 0 && (lexical.charAt(0) == '+' || lexical.charAt(0) == '-') ? 1 : 0;
        if (range == null || start == length) {
            return NOT_INTEGER;
        }
        for (int i = start; i < length; i++) {
            char c = lexical.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_INTEGER;
            }
        }
        long value;
        try {
            value = Long.parseLong(lexical);
        } catch (NumberFormatException beyondLong) {
            return NOT_INTEGER;
        }
        boolean inRange = value >= range[0] && value <= range[1];
        return inRange && value != MISSING && value != NOT_INTEGER ? value : NOT_INTEGER;
    }

    private static Map.Entry<String, long[]> range(XSDDatatype datatype, long min, long max) {
        return Map.entry(datatype.getURI(), new long[] {min, max});
    }
}
