package com.geminigateway.relay;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.upstream.GeminiClient;

/** One streamed attempt with one key: when it started, and the handle that stops it. */
abstract class UpstreamAttempt {

    final ApiKey key;
    final long started = System.nanoTime();
    volatile GeminiClient.StreamHandle handle;

    UpstreamAttempt(ApiKey key) {
        this.key = key;
    }

    void abort() {
        GeminiClient.StreamHandle h = handle;
        if (h != null) {
            h.abort();
        }
    }
}
