package com.geminigateway.config;

/** Shortens secrets so logs can tell keys apart without revealing them. */
public final class Masking {

    /** Below this length, showing 8 characters would give away most of the secret. */
    private static final int MIN_LENGTH_TO_PEEK = 12;
    private static final int PEEK = 4;

    private Masking() {
    }

    /**
     * First and last four characters around "..." (e.g. {@code AIza...x1Yz}) for secrets of at least
     * 12 characters, {@code ****} for shorter ones, {@code (none)} for null.
     */
    public static String mask(String secret) {
        if (secret == null) {
            return "(none)";
        }
        if (secret.length() < MIN_LENGTH_TO_PEEK) {
            return "****";
        }
        return secret.substring(0, PEEK) + "..." + secret.substring(secret.length() - PEEK);
    }
}
