package com.geminigateway.upstream;

/**
 * Callbacks of one streamed call, on an HttpClient I/O thread, so they must not block. Exactly one of
 * {@link #onComplete()} and {@link #onFailure(UpstreamFailure)} ends the call, unless it was aborted.
 */
public interface StreamListener {

    /** Gemini answered 200 and the event stream begins. */
    void onOpen();

    /** One SSE payload (a GenerateContentResponse, or an error object). */
    void onEvent(byte[] data);

    void onComplete();

    void onFailure(UpstreamFailure failure);
}
