package com.geminigateway.upstream;

/**
 * Callbacks of a call whose 200 body is handed over as it arrives: forwarded untouched (native routes) or
 * fed to the SSE parser (chat streams). Called on an
 * HttpClient I/O thread, so they must not block. Exactly one of {@link #onComplete()} and
 * {@link #onFailure(UpstreamFailure)} ends the call, unless it was aborted.
 */
public interface RawStreamListener {

    /** Gemini answered 200 with this content type; body bytes follow. */
    void onOpen(String contentType);

    /**
     * The next bytes of the body, in order; the array is the listener's to keep. Throwing stops the call,
     * which then ends in {@link #onFailure}.
     */
    void onData(byte[] bytes) throws java.io.IOException;

    void onComplete();

    /** A non-200 answer (with Google's envelope decoded), a timeout or a network failure. */
    void onFailure(UpstreamFailure failure);
}
