package com.geminigateway.errors;

import com.geminigateway.config.SecretMask;
import com.geminigateway.gemini.GoogleError;
import com.geminigateway.json.Json;
import jakarta.ws.rs.core.Response;
import java.util.function.UnaryOperator;

/** Google's error envelope (google.rpc.Status as JSON), for the native /v1beta routes. */
public final class GoogleErrors {

    public record Body(int code, String message, String status) {
    }

    public record Envelope(Body error) {
    }

    private GoogleErrors() {
    }

    public static String json(GatewayException e) {
        return Json.toString(new Envelope(new Body(e.status(), SecretMask.scrub(e.getMessage()), statusName(e.status()))));
    }

    public static Response response(GatewayException e) {
        Response.ResponseBuilder r = WholeJson.response(e.status(), json(e));
        e.retryAfter().ifPresent(d -> r.header("Retry-After", RetryAfter.seconds(d)));
        return r.build();
    }

    /**
     * Google's own error as Gemini sent it (details included), for native clients that read them; the text
     * goes through {@code redact} so no pooled key can leak.
     */
    public static Response passThrough(int httpStatus, GoogleError error, UnaryOperator<String> redact) {
        String json = SecretMask.scrub(redact.apply(Json.toString(new GoogleError.Envelope(error))));
        return WholeJson.response(httpStatus, json).build();
    }

    static String statusName(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "UNIMPLEMENTED";
            case 408 -> "DEADLINE_EXCEEDED";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> httpStatus >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
