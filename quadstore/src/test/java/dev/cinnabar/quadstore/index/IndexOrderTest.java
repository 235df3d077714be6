package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IndexOrderTest {

    @Test
    void everyOneOfTheSixteenPatternsGetsAnOrderWhoseKeyStartsWithExactlyTheBoundComponents() {
        for (int mask = 0; mask < 16; mask++) {
            boolean[] bound = {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0};
            IndexOrder order = IndexOrder.forPattern(bound[0], bound[1], bound[2], bound[3]);
            int count = IndexOrder.boundCount(bound[0], bound[1], bound[2], bound[3]);
            assertEquals(Integer.bitCount(mask), count, "mask " + mask);
            for (int position = 0; position < 4; position++) {
                assertEquals(position < count, bound[order.component(position)],
                    "pattern mask " + mask + " -> " + order + ": position " + position);
            }
        }
    }

    @Test
    void boundComponentsWrittenWithToKeyFormThePrefixOfThePatternsScan() {
        long g = 10;
        long s = 20;
        long p = 30;
        long o = 40;
        long[] quad = {g, s, p, o};
        long[] key = new long[4];
        for (int mask = 0; mask < 16; mask++) {
            boolean[] bound = {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0};
            IndexOrder order = IndexOrder.forPattern(bound[0], bound[1], bound[2], bound[3]);
            order.toKey(g, s, p, o, key);
            Set<Long> prefix = new HashSet<>();
            for (int i = 0; i < IndexOrder.boundCount(bound[0], bound[1], bound[2], bound[3]); i++) {
                prefix.add(key[i]);
            }
            Set<Long> expected = new HashSet<>();
            for (int c = 0; c < 4; c++) {
                if (bound[c]) {
                    expected.add(quad[c]);
                }
            }
            assertEquals(expected, prefix, "mask " + mask);
        }
    }

    @Test
    void toKeyAndToQuadAreInversesAndKeysFollowTheLettersOfTheName() {
        long[] key = new long[4];
        long[] back = new long[4];
        for (IndexOrder order : IndexOrder.values()) {
            order.toKey(1, 2, 3, 4, key);
            String letters = "GSPO";
            for (int position = 0; position < 4; position++) {
                int component = letters.indexOf(order.name().charAt(position));
                assertEquals(component, order.component(position), order + " position " + position);
                assertEquals(position, order.position(component), order + " component " + component);
                assertEquals(component + 1, key[position], order + " key " + position);
            }
            order.toQuad(key, back);
            assertArrayEquals(new long[] {1, 2, 3, 4}, back, order.toString());
            assertEquals(1, order.graph(key));
            assertEquals(2, order.subject(key));
            assertEquals(3, order.predicate(key));
            assertEquals(4, order.object(key));
            assertSame(order, IndexOrder.of(order.ordinal()));
        }
    }
}
