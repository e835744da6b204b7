package com.geminigateway.upstream;

import com.geminigateway.gemini.GoogleError;
import com.geminigateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Why a call to Gemini did not succeed: an HTTP error with Google's decoded envelope, an error event
 * inside a 200 stream, a timeout, or a network failure. Messages may contain key material, so they go
 * through the key pool's redactor before reaching a log or a client.
 */
public final class UpstreamFailure extends Exception {

    public enum Kind { HTTP_STATUS, TIMEOUT, NETWORK }

    private final Kind kind;
    private final int httpStatus;
    private final GoogleError error;

    private UpstreamFailure(Kind kind, int httpStatus, GoogleError error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.error = error;
    }

    /** An HTTP error answer; the body is decoded as Google's envelope when it is one. */
    public static UpstreamFailure fromResponse(int httpStatus, byte[] body) {
        GoogleError error = decode(body).orElse(null);
        String message = error != null
                ? error.messageOr("HTTP " + httpStatus)
                : "HTTP " + httpStatus + (body.length == 0 ? "" : ": " + snippet(body));
        return new UpstreamFailure(Kind.HTTP_STATUS, httpStatus, error, message, null);
    }

    /** An error object that arrived as an event of a stream whose HTTP status was already 200. */
    public static UpstreamFailure inStream(GoogleError error) {
        int status = error.code() != null && error.code() >= 400 ? error.code() : 500;
        return new UpstreamFailure(Kind.HTTP_STATUS, status, error, error.messageOr("Error in Gemini stream"), null);
    }

    public static UpstreamFailure timeout(String message, Throwable cause) {
        return new UpstreamFailure(Kind.TIMEOUT, 0, null, message, cause);
    }

    public static UpstreamFailure network(String message, Throwable cause) {
        return new UpstreamFailure(Kind.NETWORK, 0, null, message, cause);
    }

    /** The failure behind a future's error: unwraps CompletionException; anything unexpected counts as network. */
    public static UpstreamFailure of(Throwable error) {
        Throwable t = unwrap(error);
        return t instanceof UpstreamFailure f ? f : network(String.valueOf(t.getMessage()), t);
    }

    /** The real cause of a failed CompletableFuture stage. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    /** Google's envelope, also when it arrives wrapped in a one-element array. */
    public static Optional<GoogleError> decode(byte[] body) {
        try {
            var node = Json.MAPPER.readTree(body);
            if (node != null && node.isArray() && node.size() == 1) {
                node = node.get(0);
            }
            if (node == null || !node.has("error") || !node.get("error").isObject()) {
                return Optional.empty();
            }
            return Optional.of(Json.MAPPER.treeToValue(node.get("error"), GoogleError.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\s+", " ");
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<GoogleError> error() {
        return Optional.ofNullable(error);
    }
}
