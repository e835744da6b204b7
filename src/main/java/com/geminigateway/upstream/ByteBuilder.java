package com.geminigateway.upstream;

import java.util.Arrays;

/** A growable byte array; cheaper than ByteArrayOutputStream on the hot path (no locking). */
final class ByteBuilder {
    private byte[] bytes;
    private int length;

    ByteBuilder(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
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

    void clear() {
        length = 0;
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
