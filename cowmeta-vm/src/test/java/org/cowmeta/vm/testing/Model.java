package org.cowmeta.vm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.cowmeta.vm.memory.ContentMode;
import org.cowmeta.vm.system.AddressSpace;
import org.cowmeta.vm.system.FaultResult;

/**
 * What an address space should hold: the last value written per word (full mode) or per page
 * (tagged mode, where a page is one tag). Unwritten addresses read 0.
 */
public final class Model {
    private final boolean tagged;
    private final Map<Long, Long> values;

    public Model(ContentMode mode) {
        this(mode == ContentMode.TAGGED, new HashMap<>());
    }

    private Model(boolean tagged, Map<Long, Long> values) {
        this.tagged = tagged;
        this.values = values;
    }

    /** The key an address's value lives under. */
    public long key(long va) {
        return tagged ? va & ~4095L : va & ~7L;
    }

    /** Writes through {@code as} (must succeed) and remembers it. */
    public void write(AddressSpace as, long va, long value, String context) {
        assertEquals(FaultResult.OK, as.write(va, value), context + ": write at 0x" + Long.toHexString(va));
        values.put(key(va), value);
    }

    public void put(long va, long value) {
        values.put(key(va), value);
    }

    public long expected(long va) {
        return values.getOrDefault(key(va), 0L);
    }

    /** Reads every remembered address through {@code as} and compares. */
    public void verify(AddressSpace as, String context) {
        for (Map.Entry<Long, Long> e : values.entrySet()) {
            long got = as.read(e.getKey());
            if (got != e.getValue()) {
                assertEquals(e.getValue(), got, context + ": " + as + " reads 0x" + Long.toHexString(e.getKey()));
            }
        }
    }

    /** Forgets addresses in [start, end) (an unmapped region). */
    public void forget(long start, long end) {
        values.keySet().removeIf(k -> k >= start && k < end);
    }

    /** Copies this model's values in [start, end) into {@code to}, shifted by {@code shift}. */
    public void copyRange(long start, long end, Model to, long shift) {
        for (Map.Entry<Long, Long> e : values.entrySet()) {
            if (e.getKey() >= start && e.getKey() < end) {
                to.values.put(e.getKey() + shift, e.getValue());
            }
        }
    }

    /** Adds every value of {@code other}. */
    public void putAll(Model other) {
        values.putAll(other.values);
    }

    public Model copy() {
        return new Model(tagged, new HashMap<>(values));
    }

    public int size() {
        return values.size();
    }
}
