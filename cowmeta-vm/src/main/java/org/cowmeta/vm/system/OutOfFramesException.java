package org.cowmeta.vm.system;

/**
 * The frame allocator ran dry during a structural operation (create, fork, mount, unmap). Each
 * operation says what state it leaves; counts are always consistent and no frame leaks.
 */
public final class OutOfFramesException extends Exception {
    public OutOfFramesException(String message) {
        super(message);
    }
}
