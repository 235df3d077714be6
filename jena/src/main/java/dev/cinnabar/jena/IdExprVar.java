package dev.cinnabar.jena;

import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprTransformCopy;
import org.apache.jena.sparql.expr.ExprTransformer;
import org.apache.jena.sparql.expr.ExprVar;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionEnv;

/**
 * A variable of an expression that ARQ evaluates over the id rows of a read transaction (a FILTER condition ids do
 * not decide, an ORDER BY key): where the row holds the variable as a committed atom id, its value comes from the
 * dataset's {@link NodeValueCache}, made once per id instead of once per evaluation. Anywhere else (a value the row
 * holds as a node, an unbound variable) it is ARQ's own {@link ExprVar}, so every answer and every error is ARQ's.
 */
final class IdExprVar extends ExprVar {

    private final TxnIds scope;
    private final NodeValueCache cache;

    private IdExprVar(Var var, TxnIds scope, NodeValueCache cache) {
        super(var);
        this.scope = scope;
        this.cache = cache;
    }

    /**
     * {@code expr} with each variable an {@code IdExprVar}, for rows of {@code scope}; {@code expr} itself when the
     * scope may hold uncommitted ids (a write transaction: a rollback gives their ids to other terms).
     */
    static Expr over(Expr expr, TxnIds scope, NodeValueCache cache) {
        if (scope.txn.isWrite()) {
            return expr;
        }
        return ExprTransformer.transform(new ExprTransformCopy() {
            @Override
            public Expr transform(ExprVar var) {
                return new IdExprVar(var.asVar(), scope, cache);
            }
        }, expr);
    }

    @Override
    public NodeValue eval(Binding binding, FunctionEnv env) {
        long id = IdBinding.heldId(binding, varNode, scope);
        if (id <= 0) {
            return super.eval(binding, env);
        }
        NodeValue value = cache.get(id);
        if (value == null) {
            value = super.eval(binding, env);
            cache.put(id, value);
        }
        return value;
    }
}
