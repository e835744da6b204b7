package com.geminigateway.upstream;

import java.util.Arrays;

/** A growable byte array; cheaper than ByteArrayOutputStream on the hot path (no locking). */
final class ByteBuilder {
    private byte[] bytes;
    private int length;

    ByteBuilder(int initialCapacity) {
        bytes = new byte[Math.max(0, initialCapacity)];
    }

    void append(byte b) {
        ensure(length + 1);
        bytes[length++] = b;
    }

    void append(byte[] src, int offset, int count) {
        ensure(length + count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
    }

    /** Appends the next {@code count} bytes of {@code src}. */
    void append(java.nio.ByteBuffer src, int count) {
        ensure(length + count);
        src.get(bytes, length, count);
        length += count;
    }

    int length() {
        return length;
    }

    byte at(int i) {
        return bytes[i];
    }

    boolean startsWith(byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes, for a builder that is done: its own array when exactly full, which saves a copy. */
    byte[] finish() {
        return length == bytes.length ? bytes : toArray();
    }

    void clear() {
        length = 0;
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(Math.max(capacity, 16), bytes.length * 2));
        }
    }
}
