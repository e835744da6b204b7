package com.geminigateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 digest, compared in constant time. */
public final class Sha256 {

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Sha256 of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Sha256 of(byte[] data) {
        try {
            return new Sha256(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** @throws IllegalArgumentException unless {@code hex} is 64 hexadecimal digits */
    public static Sha256 fromHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("expected 64 hexadecimal digits");
        }
        return new Sha256(HexFormat.of().parseHex(hex)); // NumberFormatException is an IllegalArgumentException
    }

    /** Constant-time: how much of the digests agree does not change how long this takes. */
    public boolean matches(Sha256 other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Only for detecting duplicates among configured keys; never for checking a presented secret. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && java.util.Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "sha256:" + hex().substring(0, 8) + "…";
    }
}
