package com.geminigateway.translate;

import java.util.Optional;

/**
 * Where thought signatures are kept between turns, keyed by the tool-call id the gateway gave the call.
 * Clients that drop {@code extra_content} still get their signatures back this way.
 */
public interface ThoughtSignatures {

    /** Keeps nothing and finds nothing. */
    ThoughtSignatures NONE = new ThoughtSignatures() {
        @Override
        public Optional<String> find(String toolCallId) {
            return Optional.empty();
        }

        @Override
        public void remember(String toolCallId, String signature) {
        }
    };

    Optional<String> find(String toolCallId);

    void remember(String toolCallId, String signature);
}
