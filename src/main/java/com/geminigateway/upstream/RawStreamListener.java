package com.geminigateway.upstream;

/**
 * Callbacks of a pass-through call whose 200 body is forwarded as it arrives, without parsing. Called on an
 * HttpClient I/O thread, so they must not block. Exactly one of {@link #onComplete()} and
 * {@link #onFailure(UpstreamFailure)} ends the call, unless it was aborted.
 */
public interface RawStreamListener {

    /** Gemini answered 200 with this content type; body bytes follow. */
    void onOpen(String contentType);

    /** The next bytes of the body, in order; the array is the listener's to keep. */
    void onData(byte[] bytes);

    void onComplete();

    /** A non-200 answer (with Google's envelope decoded), a timeout or a network failure. */
    void onFailure(UpstreamFailure failure);
}
