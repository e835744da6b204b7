package com.geminigateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a client's secret against the gateway password in constant time: both sides are hashed first,
 * so neither the content nor the length of the password leaks through timing.
 */
public final class ClientAuthenticator {

    private final byte[] expectedDigest;

    public ClientAuthenticator(String password) {
        this.expectedDigest = sha256(password);
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
