package org.cowmeta.tables.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Field {@link VarHandle}s for static initializers: each method finds what it is asked for or
 * throws {@link ExceptionInInitializerError} (a missing field is a build error, not a condition
 * to handle), so a class declares {@code static final VarHandle X = VarHandles.field(...)}
 * without a static block of its own.
 */
public final class VarHandles {
    private VarHandles() {}

    /**
     * The handle of field {@code name} of {@code owner}, found with {@code lookup}: the caller's own
     * {@code MethodHandles.lookup()}, which may reach the caller's private fields.
     */
    public static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The handle of a private field of another library's class (an adapter reading the library's
     * internals), through {@link MethodHandles#privateLookupIn} from the caller's {@code lookup}.
     */
    public static VarHandle privateField(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, lookup).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The nested class {@code simpleName} of {@code host}, which may be private (to find its fields). */
    public static Class<?> nestedClass(Class<?> host, String simpleName) {
        try {
            return Class.forName(host.getName() + "$" + simpleName, false, host.getClassLoader());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
