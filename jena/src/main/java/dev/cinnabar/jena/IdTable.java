package dev.cinnabar.jena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.algebra.Table;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.serializer.SerializationContext;

import dev.cinnabar.quadstore.QuadStore;

/**
 * The rows of a VALUES table as id rows, to be the input rows of an id-level pattern: each stored value is its atom
 * id (looked up once per distinct value, with its node kept so it is never decoded), each value the store does not
 * hold stays a plain node beneath, and an undefined value stays unbound. A pattern that uses a variable bound to a
 * value the store does not hold finds no match for that row ({@link IdPatternJoin} sees no id); one that does not
 * use the variable passes the value through to its solutions, as SPARQL's join does.
 */
final class IdTable extends QueryIterPlainWrapper {

    private final int rows;
    private final int stored;

    private IdTable(List<Binding> rows, int stored, ExecutionContext execCxt) {
        super(rows.iterator(), execCxt);
        this.rows = rows.size();
        this.stored = stored;
    }

    /** The rows of {@code table} with their values as ids of {@code scope} where the store holds them. */
    static IdTable create(Table table, TxnIds scope, ExecutionContext execCxt) {
        Map<Node, Long> ids = new HashMap<>();
        List<Binding> out = new ArrayList<>(table.size());
        int stored = 0;
        for (Iterator<Binding> it = table.rows(); it.hasNext(); ) {
            Binding row = it.next();
            List<Var> idVars = new ArrayList<>();
            List<Node> idNodes = new ArrayList<>();
            BindingBuilder unstored = Binding.builder();
            for (Iterator<Var> vars = row.vars(); vars.hasNext(); ) {
                Var var = vars.next();
                Node node = row.get(var);
                // The default graph's name is its own atom in a graph position only: it stays a node.
                long id = Quad.isDefaultGraph(node) ? QuadStore.NO_ID
                    : ids.computeIfAbsent(node, n -> scope.dataset.idOf(scope.txn, n, false));
                if (id > 0) {
                    idVars.add(var);
                    idNodes.add(node);
                } else {
                    unstored.add(var, node);
                }
            }
            Binding parent = unstored.build();
            if (idVars.isEmpty()) {
                out.add(parent);
                continue;
            }
            long[] values = new long[idVars.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ids.get(idNodes.get(i));
            }
            out.add(IdBinding.decoded(parent, scope, idVars.toArray(new Var[0]), values,
                idNodes.toArray(new Node[0])));
            stored++;
        }
        return new IdTable(out, stored, execCxt);
    }

    @Override
    public void output(IndentedWriter out, SerializationContext sCxt) {
        out.print("IdTable " + rows + " rows, " + stored + " with stored values");
    }
}
