package org.cowmeta.tables.rosebush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.cowmeta.tables.AccessTrace;
import org.cowmeta.tables.RefCountTable.Op;
import org.junit.jupiter.api.Test;

/**
 * The timed lookup makes the dependent loads its trace counts: root word → pointer-array entry →
 * bucket (hashes, then the matching slot) → counter. In this JVM that is the Rosebush's root
 * array field, one array element, one Bucket object whose hashes and slots are its own fields (no
 * array behind it), and the Counter: the same four steps, so the measured time is the kernel
 * layout's, not the JVM's plus two.
 */
class RosebushLookupPathTest {

    @Test
    void theBucketHoldsItsHashesAndSlotsItself() {
        for (Field f : Bucket.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            assertFalse(f.getType().isArray(), "a bucket field behind which a lookup would make one more load: " + f);
        }
        long hashes = Arrays.stream(Bucket.class.getDeclaredFields()).filter(f -> f.getName().matches("h\\d+")).count();
        long slots = Arrays.stream(Bucket.class.getDeclaredFields())
                .filter(f -> f.getName().matches("s\\d+") && f.getType() == Counter.class).count();
        assertEquals(Bucket.ENTRIES, hashes);
        assertEquals(Bucket.ENTRIES, slots);
    }

    @Test
    void lookupsReadThePointerArrayFromTheRoot() throws Exception {
        Field root = Rosebush.class.getDeclaredField("rootArray");
        assertEquals(Bucket[].class, root.getType(), "root word → array entry, no holder object between");
        assertTrue(Modifier.isVolatile(root.getModifiers()), "published like the kernel's rcu_assign_pointer of the root");
    }

    @Test
    void theTraceOfAHitHasTheSameFourSteps() {
        RosebushTable t = RosebushSplitTest.identityTable();
        for (long f = 0; f <= 40; f += 2) {
            t.increment(f); // past the inline start: a pointer array of four entries
        }
        AccessTrace hit = new AccessTrace();
        t.trace(Op.GET, 4, hit);
        assertEquals(4, hit.dependentLoads(), "root word, array entry, bucket, counter: " + hit);
        assertEquals(5, hit.cacheLines(), "a hit in slots 0..15 reads one hash line, then its slot's line: " + hit);
        AccessTrace miss = new AccessTrace();
        t.trace(Op.GET, 5, miss);
        assertEquals(3, miss.dependentLoads(), "a miss stops at the bucket: " + miss);
    }
}
