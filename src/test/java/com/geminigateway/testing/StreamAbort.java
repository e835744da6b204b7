package com.geminigateway.testing;

/**
 * A stream that {@link FakeGemini} could not finish because the client went away: a write or flush
 * threw once the peer had closed the connection.
 *
 * @param model      model id of the streaming request
 * @param apiKey     key of the streaming request
 * @param eventsSent SSE events fully written before the failing write
 * @param cause      the write failure, e.g. {@code "java.io.IOException: Broken pipe"}
 */
public record StreamAbort(String model, String apiKey, int eventsSent, String cause) {
}
