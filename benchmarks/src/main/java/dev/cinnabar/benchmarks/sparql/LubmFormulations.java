package dev.cinnabar.benchmarks.sparql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.PatternVars;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * The two ways of writing LUBM's class and property expansions, applied to a whole query: the <b>UNION form</b>
 * ({@code { ?x a A } UNION { ?x a B }}) and the <b>VALUES form</b> ({@code VALUES ?c { A B } ?x a ?c}). Each
 * rewrites only what has the other shape, so a query in either form gives the same answers (the new variables are
 * never projected: every LUBM query projects named variables).
 */
final class LubmFormulations {

    /** Prefix of the variables the VALUES form introduces. */
    private static final String VALUES_VAR = "alt";

    private LubmFormulations() {
    }

    /**
     * Every union of single triple patterns that differ only in one position, where each holds a constant, becomes
     * {@code VALUES ?altN { constants }} and that pattern with {@code ?altN}, in the same group.
     */
    static Query valuesForm(Query query) {
        int[] next = {0};
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementGroup group, List<Element> members) {
                ElementGroup out = new ElementGroup();
                boolean changed = false;
                for (Element member : members) {
                    List<Triple> alternatives = member instanceof ElementUnion union ? singleTriples(union) : null;
                    int position = alternatives == null ? -1 : differingPosition(alternatives);
                    if (position < 0) {
                        out.addElement(member);
                        continue;
                    }
                    Var var = Var.alloc(VALUES_VAR + next[0]++);
                    ElementData data = new ElementData();
                    data.add(var);
                    for (Triple alternative : alternatives) {
                        data.add(Binding.builder().add(var, component(alternative, position)).build());
                    }
                    ElementPathBlock pattern = new ElementPathBlock();
                    pattern.addTriple(withComponent(alternatives.get(0), position, var));
                    out.addElement(data);
                    out.addElement(pattern);
                    changed = true;
                }
                return changed ? out : super.transform(group, members);
            }
        });
    }

    /**
     * Every one-variable {@code VALUES} whose variable occurs in exactly one triple pattern of its group (and
     * nowhere else in the group) becomes a union of that pattern with each value, where the pattern was.
     */
    static Query unionForm(Query query) {
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementGroup group, List<Element> members) {
                List<Element> current = new ArrayList<>(members);
                boolean changed = false;
                for (int i = 0; i < current.size(); i++) {
                    if (current.get(i) instanceof ElementData data && data.getVars().size() == 1) {
                        List<Element> rewritten = expand(current, i, data);
                        if (rewritten != null) {
                            current = rewritten;
                            changed = true;
                            i = -1;
                        }
                    }
                }
                if (!changed) {
                    return super.transform(group, members);
                }
                ElementGroup out = new ElementGroup();
                current.forEach(out::addElement);
                return out;
            }
        });
    }

    /** {@code members} with the VALUES at {@code index} expanded into a union, or null if it does not qualify. */
    private static List<Element> expand(List<Element> members, int index, ElementData data) {
        Var var = data.getVars().get(0);
        int blockIndex = -1;
        int tripleIndex = -1;
        for (int m = 0; m < members.size(); m++) {
            if (m == index) {
                continue;
            }
            Element member = members.get(m);
            if (member instanceof ElementPathBlock block) {
                List<TriplePath> paths = block.getPattern().getList();
                for (int t = 0; t < paths.size(); t++) {
                    if (mentions(paths.get(t), var)) {
                        if (blockIndex >= 0 || !paths.get(t).isTriple()) {
                            return null;
                        }
                        blockIndex = m;
                        tripleIndex = t;
                    }
                }
            } else if (PatternVars.vars(member).contains(var)
                || (member instanceof ElementFilter filter && filter.getExpr().getVarsMentioned().contains(var))) {
                return null;
            }
        }
        if (blockIndex < 0) {
            return null;
        }
        List<TriplePath> paths = ((ElementPathBlock) members.get(blockIndex)).getPattern().getList();
        Triple triple = paths.get(tripleIndex).asTriple();
        ElementUnion union = new ElementUnion();
        for (Binding row : data.getRows()) {
            Node value = row.get(var);
            if (value == null) {
                return null;
            }
            ElementPathBlock alternative = new ElementPathBlock();
            alternative.addTriple(Triple.create(substitute(triple.getSubject(), var, value),
                substitute(triple.getPredicate(), var, value), substitute(triple.getObject(), var, value)));
            ElementGroup branch = new ElementGroup();
            branch.addElement(alternative);
            union.addElement(branch);
        }
        ElementPathBlock before = new ElementPathBlock();
        ElementPathBlock after = new ElementPathBlock();
        for (int t = 0; t < paths.size(); t++) {
            if (t < tripleIndex) {
                before.addTriplePath(paths.get(t));
            } else if (t > tripleIndex) {
                after.addTriplePath(paths.get(t));
            }
        }
        List<Element> out = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            if (m == index) {
                continue;
            }
            if (m == blockIndex) {
                if (!before.isEmpty()) {
                    out.add(before);
                }
                out.add(union);
                if (!after.isEmpty()) {
                    out.add(after);
                }
            } else {
                out.add(members.get(m));
            }
        }
        return out;
    }

    /** The triple of each branch when every branch is a group of exactly one plain triple pattern; else null. */
    private static List<Triple> singleTriples(ElementUnion union) {
        List<Triple> triples = new ArrayList<>();
        for (Element branch : union.getElements()) {
            Element only = branch;
            if (branch instanceof ElementGroup group) {
                if (group.size() != 1) {
                    return null;
                }
                only = group.get(0);
            }
            if (!(only instanceof ElementPathBlock block) || block.getPattern().size() != 1
                || !block.getPattern().get(0).isTriple()) {
                return null;
            }
            triples.add(block.getPattern().get(0).asTriple());
        }
        return triples.size() >= 2 ? triples : null;
    }

    /** The one position (0 s, 1 p, 2 o) where the triples differ, each holding a constant there; else -1. */
    private static int differingPosition(List<Triple> triples) {
        int position = -1;
        for (int p = 0; p < 3; p++) {
            Set<Node> values = new HashSet<>();
            for (Triple triple : triples) {
                values.add(component(triple, p));
            }
            if (values.size() > 1) {
                if (position >= 0 || values.stream().anyMatch(Node::isVariable) || values.size() != triples.size()) {
                    return -1;
                }
                position = p;
            }
        }
        return position;
    }

    private static boolean mentions(TriplePath path, Var var) {
        return var.equals(path.getSubject()) || var.equals(path.getObject())
            || (path.isTriple() && var.equals(path.getPredicate()));
    }

    private static Node component(Triple triple, int position) {
        return position == 0 ? triple.getSubject() : position == 1 ? triple.getPredicate() : triple.getObject();
    }

    private static Triple withComponent(Triple triple, int position, Node value) {
        return Triple.create(position == 0 ? value : triple.getSubject(), position == 1 ? value : triple.getPredicate(),
            position == 2 ? value : triple.getObject());
    }

    private static Node substitute(Node node, Var var, Node value) {
        return var.equals(node) ? value : node;
    }
}
